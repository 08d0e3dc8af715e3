import Foundation
import Store
import Testing
import TestSupport

/// Calls from received to cleared, the same in both stores: each step
/// written with the team's status in one transaction, refusals leave
/// nothing behind, and one team cannot be on two open calls.
@Suite struct LifecycleConformanceTests {
    static func openCall(_ id: String) -> CrisisCall {
        var call = Fixtures.call(id)
        call.disposition = nil
        call.teamID = nil
        return call
    }

    func minutes(_ count: Double) -> Date { Fixtures.noon.addingTimeInterval(count * 60) }

    func prepared(_ backend: Backend) async throws -> Backend.Opened {
        let opened = try await backend.opened()
        _ = try await opened.store.teams.upsert([Fixtures.team("T1"), Fixtures.team("T2")])
        _ = try await opened.store.facilities.upsert([Fixtures.facility("F1")])
        _ = try await opened.store.calls.upsert([Self.openCall("C1"), Self.openCall("C2"), Fixtures.call("OLD")])
        return opened
    }

    @Test(arguments: Backend.allCases)
    func aCallGoesFromReceivedToClosedAndTheTeamFollows(_ backend: Backend) async throws {
        let opened = try await prepared(backend)
        let lifecycle = opened.store.lifecycle
        #expect(try await lifecycle.timeline(callID: "C1")?.state == .received)
        #expect(try await lifecycle.openCalls(receivedSince: .distantPast).map(\.timeline.callID) == ["C1", "C2"], "history imported closed is not on the board")

        let assigned = try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C1", at: minutes(1), keyID: "disp")
        #expect(assigned.timeline.state == .assigned)
        #expect(assigned.teams == [.init(teamID: "T1", status: .dispatched, at: minutes(1), applied: true)])
        #expect(try await opened.store.teams.record(id: "T1")?.status == .dispatched)
        #expect(try await lifecycle.openAssignments() == ["T1": "C1"])

        for (step, at, facility) in [(AssignmentStep.enRoute, 2.0, nil), (.onScene, 12, nil), (.transporting, 40, "F1"), (.atFacility, 55, nil)] {
            _ = try await lifecycle.apply(.step(teamID: "T1", step, facilityID: facility), toCall: "C1", at: minutes(at), keyID: "dev")
        }
        #expect(try await opened.store.teams.record(id: "T1")?.status == .transporting)
        let cleared = try await lifecycle.apply(.step(teamID: "T1", .cleared, facilityID: nil), toCall: "C1", at: minutes(70), keyID: "dev")
        #expect(cleared.timeline.state == .cleared)
        #expect(try await opened.store.teams.record(id: "T1")?.status == .available)
        #expect(try await lifecycle.openAssignments().isEmpty)

        let closed = try await lifecycle.apply(.close(.transportedFacility, outcomes: [.connectedToTreatment, .divertedFromJail]),
                                               toCall: "C1", at: minutes(75), keyID: "disp")
        let timeline = try #require(try await lifecycle.timeline(callID: "C1"))
        #expect(closed.timeline == timeline)
        #expect(timeline.state == .closed && timeline.outcomes == [.connectedToTreatment, .divertedFromJail])
        #expect(timeline.responseSeconds == 720)
        #expect(timeline.events.map(\.keyID) == ["disp", "dev", "dev", "dev", "dev", "dev", "disp"])
        #expect(timeline.events.compactMap(\.facilityID) == ["F1", "F1"], "transporting and at_facility name the facility")
        #expect(try await opened.store.calls.record(id: "C1")?.disposition == .transportedFacility)
        #expect(try await lifecycle.openCalls(receivedSince: .distantPast).map(\.timeline.callID) == ["C2"])
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func refusalsNameTheProblemAndWriteNothing(_ backend: Backend) async throws {
        let opened = try await prepared(backend)
        let lifecycle = opened.store.lifecycle
        await #expect(throws: LifecycleRefusal.noCall("C9")) {
            try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C9", at: minutes(1), keyID: nil)
        }
        await #expect(throws: LifecycleRefusal.noTeam("T9")) {
            try await lifecycle.apply(.assign(teamID: "T9", preempt: false), toCall: "C1", at: minutes(1), keyID: nil)
        }
        await #expect(throws: LifecycleRefusal.notAssigned(teamID: "T1")) {
            try await lifecycle.apply(.step(teamID: "T1", .onScene, facilityID: nil), toCall: "C1", at: minutes(1), keyID: nil)
        }
        _ = try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C1", at: minutes(1), keyID: nil)
        _ = try await lifecycle.apply(.step(teamID: "T1", .onScene, facilityID: nil), toCall: "C1", at: minutes(10), keyID: nil)
        await #expect(throws: LifecycleRefusal.stepNotAllowed(teamID: "T1", current: .onScene, requested: .enRoute, allowed: [.transporting, .cleared])) {
            try await lifecycle.apply(.step(teamID: "T1", .enRoute, facilityID: nil), toCall: "C1", at: minutes(11), keyID: nil)
        }
        await #expect(throws: LifecycleRefusal.noFacility("F9")) {
            try await lifecycle.apply(.step(teamID: "T1", .transporting, facilityID: "F9"), toCall: "C1", at: minutes(11), keyID: nil)
        }
        await #expect(throws: LifecycleRefusal.teamsNotCleared(["T1"])) {
            try await lifecycle.apply(.close(.resolvedOnScene, outcomes: []), toCall: "C1", at: minutes(11), keyID: nil)
        }
        let timeline = try #require(try await lifecycle.timeline(callID: "C1"))
        #expect(timeline.events.count == 2 && timeline.state == .onScene)
        #expect(try await opened.store.calls.record(id: "C1")?.disposition == nil)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func aTeamOnAnotherCallIsRefusedUnlessPreemptedAndCancellingFreesTeams(_ backend: Backend) async throws {
        let opened = try await prepared(backend)
        let lifecycle = opened.store.lifecycle
        _ = try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C1", at: minutes(1), keyID: "a")
        await #expect(throws: LifecycleRefusal.teamOnAnotherCall(teamID: "T1", callID: "C1")) {
            try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C2", at: minutes(2), keyID: "b")
        }
        let moved = try await lifecycle.apply(.assign(teamID: "T1", preempt: true), toCall: "C2", at: minutes(3), keyID: "b")
        #expect(moved.timeline.state == .assigned)
        let left = try #require(moved.preempted)
        #expect(left.callID == "C1" && left.state == .cleared && left.events.last?.reason == "preempted")
        #expect(try await lifecycle.openAssignments() == ["T1": "C2"])

        _ = try await lifecycle.apply(.assign(teamID: "T2", preempt: false), toCall: "C2", at: minutes(4), keyID: "b")
        let cancelled = try await lifecycle.apply(.cancel(reason: "duplicate"), toCall: "C2", at: minutes(5), keyID: "b")
        #expect(cancelled.timeline.state == .cancelled && cancelled.timeline.cancelReason == "duplicate")
        #expect(Set(cancelled.teams.map(\.teamID)) == ["T1", "T2"] && cancelled.teams.allSatisfy { $0.status == .available })
        #expect(try await lifecycle.openAssignments().isEmpty)
        #expect(try await opened.store.teams.record(id: "T2")?.status == .available)
        await opened.close()
    }

    @Test(arguments: Backend.allCases)
    func twoDispatchersAssigningOneTeamAtOnceGetOneAssignment(_ backend: Backend) async throws {
        let opened = try await prepared(backend)
        let lifecycle = opened.store.lifecycle
        let outcomes = await withTaskGroup(of: Result<String, any Error>.self) { group in
            for call in ["C1", "C2"] {
                group.addTask {
                    do {
                        _ = try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: call, at: minutes(1), keyID: call)
                        return .success(call)
                    } catch { return .failure(error) }
                }
            }
            var all: [Result<String, any Error>] = []
            for await outcome in group { all.append(outcome) }
            return all
        }
        let won = outcomes.compactMap { try? $0.get() }
        #expect(won.count == 1)
        let refusals = outcomes.compactMap { outcome -> LifecycleRefusal? in
            if case .failure(let error) = outcome { return error as? LifecycleRefusal }
            return nil
        }
        #expect(refusals.count == 1)
        if case .teamOnAnotherCall(let team, let call)? = refusals.first { #expect(team == "T1" && call == won.first) } else {
            Issue.record("expected teamOnAnotherCall, got \(outcomes)")
        }
        #expect(try await lifecycle.openAssignments() == ["T1": try #require(won.first)])
        await opened.close()
    }
}

extension LifecycleConformanceTests {
    @Test(arguments: Backend.allCases)
    func theBoardLeavesOutOldCallsNobodyIsOnButKeepsOldCallsWithATeam(_ backend: Backend) async throws {
        let opened = try await prepared(backend)
        let lifecycle = opened.store.lifecycle
        _ = try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C2", at: minutes(1), keyID: nil)
        let recently = Fixtures.noon.addingTimeInterval(3_600)
        #expect(try await lifecycle.openCalls(receivedSince: recently).map(\.timeline.callID) == ["C2"],
                "C1 (no team, received before the window) is history; C2 still has a team on it")
        let board = try await lifecycle.openCalls(receivedSince: Fixtures.noon)
        #expect(board.map(\.timeline.callID) == ["C1", "C2"])
        #expect(board.allSatisfy { $0.category == .psychiatric && $0.priority == 2 && $0.location == Fixtures.denver })
        #expect(board[1].timeline.assignments.map(\.teamID) == ["T1"] && board[1].timeline.state == .assigned,
                "each call comes with its own events")
        #expect(board[0].timeline.events.isEmpty)
        await opened.close()
    }
}

extension LifecycleConformanceTests {
    @Test(arguments: Backend.allCases)
    func theCallsOwnTeamKeepsItsTimesOnTheCallAndImportedTimesReadAsSteps(_ backend: Backend) async throws {
        let opened = try await prepared(backend)
        let lifecycle = opened.store.lifecycle
        _ = try await lifecycle.apply(.assign(teamID: "T2", preempt: false), toCall: "C1", at: minutes(1), keyID: "d")
        _ = try await lifecycle.apply(.assign(teamID: "T1", preempt: false), toCall: "C1", at: minutes(2), keyID: "d")
        _ = try await lifecycle.apply(.step(teamID: "T1", .onScene, facilityID: nil), toCall: "C1", at: minutes(6), keyID: "d")
        _ = try await lifecycle.apply(.step(teamID: "T2", .onScene, facilityID: nil), toCall: "C1", at: minutes(9), keyID: "d")
        _ = try await lifecycle.apply(.step(teamID: "T2", .transporting, facilityID: "F1"), toCall: "C1", at: minutes(20), keyID: "d")
        let call = try #require(try await opened.store.calls.record(id: "C1"))
        #expect(call.teamID == "T2", "the first team assigned is the call's team")
        #expect(call.times.assignedAt == minutes(1) && call.times.onSceneAt == minutes(9) && call.times.transportAt == minutes(20))
        #expect(call.facilityID == "F1")
        #expect(try await lifecycle.timeline(callID: "C1")?.responseSeconds == 360, "the first team on scene, whichever it is")

        var history = Fixtures.call("H1")
        history.teamID = "T1"
        history.facilityID = nil
        history.times = CallTimes(assignedAt: minutes(1), onSceneAt: minutes(12), clearedAt: minutes(40))
        _ = try await opened.store.calls.upsert([history])
        let imported = try #require(try await lifecycle.timeline(callID: "H1"))
        #expect(imported.state == .closed && imported.responseSeconds == 720)
        #expect(imported.events.map(\.kind) == [.step(teamID: "T1", .assigned), .step(teamID: "T1", .onScene), .step(teamID: "T1", .cleared)])
        await opened.close()
    }
}
