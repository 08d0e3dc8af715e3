import Foundation
import GeoCore

/// Whether a live update was applied. Vehicle location feeds deliver out of
/// order as a matter of course, so an update older than what is stored is
/// ignored and the caller is told so.
public enum UpdateOutcome: Equatable, Sendable {
    case applied
    /// The stored state is as new or newer; nothing changed.
    case olderThanStored
    /// No record has this id.
    case notFound

    /// `{"applied": false, "reason": "older_than_stored"}` in API answers.
    public var reason: String? {
        switch self {
        case .applied: nil
        case .olderThanStored: "older_than_stored"
        case .notFound: "not_found"
        }
    }
}

/// A team's new position with the time it was fixed.
public struct PositionUpdate: Sendable, Hashable {
    public var teamID: String
    public var location: Coordinate
    public var fixAt: Date

    public init(teamID: String, location: Coordinate, fixAt: Date) {
        self.teamID = teamID
        self.location = location
        self.fixAt = fixAt
    }
}

/// Timestamped updates to live state. The condition "newer than stored" is
/// checked by the store itself, in the same statement that writes, so that
/// several writers (servers over one PostGIS database) agree.
public protocol LiveStateStore: Sendable {
    /// Applies each position whose `fixAt` is newer than the stored one, in one transaction.
    func updatePositions(_ updates: [PositionUpdate]) async throws -> [UpdateOutcome]
    func updateStatus(teamID: String, status: TeamStatus, at: Date) async throws -> UpdateOutcome
    func updateAvailability(facilityID: String, bedsAvailable: Int, updatedAt: Date) async throws -> UpdateOutcome
}

extension LiveStateStore {
    public func updatePosition(_ update: PositionUpdate) async throws -> UpdateOutcome {
        try await updatePositions([update])[0]
    }
}
