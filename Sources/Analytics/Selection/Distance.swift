import Foundation

/// Distances as users write them: `250m`, `1.5km`, or plain metres.
public enum Distance {
    public static func metres(_ text: String) -> Double? {
        let lower = text.lowercased().trimmingCharacters(in: .whitespaces)
        let (number, scale): (Substring, Double) =
            lower.hasSuffix("km") ? (lower.dropLast(2), 1000) : lower.hasSuffix("m") ? (lower.dropLast(), 1) : (Substring(lower), 1)
        guard let value = Double(number.trimmingCharacters(in: .whitespaces)), value.isFinite, value > 0 else { return nil }
        return value * scale
    }
}
