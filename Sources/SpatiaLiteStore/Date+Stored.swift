import Foundation

extension Date {
    /// Seconds since 1970 as stored in REAL columns.
    var storedValue: Double { timeIntervalSince1970 }
    init(storedValue: Double) { self.init(timeIntervalSince1970: storedValue) }
}
