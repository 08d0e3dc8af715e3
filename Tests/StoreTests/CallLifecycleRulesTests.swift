import Foundation
import Store
import Testing

/// The lifecycle rules both stores apply: every step pair allowed or
/// refused, and the call's state derived from its timeline.
@Suite struct CallLifecycleRulesTests {
    static let received = Date(timeIntervalSince1970: 1_795_381_200)

    /// The forward path, with `cleared` open to every step and `en_route` skippable.
    static let allowed: [AssignmentStep: Set<AssignmentStep>] = [
        .assigned: [.enRoute, .onScene, .cleared],
        .enRoute: [.onScene, .cleared],
        .onScene: [.transporting, .cleared],
        .transporting: [.atFacility, .cleared],
        .atFacility: [.cleared],
        .cleared: [],
    ]

    /// A timeline whose team T1 has reached `step` (through the shortest allowed path).
    func timeline(at step: AssignmentStep) -> CallTimeline {
        let path: [AssignmentStep] = switch step {
        case .assigned: [.assigned]
        case .enRoute: [.assigned, .enRoute]
        case .onScene: [.assigned, .enRoute, .onScene]
        case .transporting: [.assigned, .enRoute, .onScene, .transporting]
        case .atFacility: [.assigned, .enRoute, .onScene, .transporting, .atFacility]
        case .cleared: [.assigned, .cleared]
        }
        let events = path.enumerated().map { index, step in
            CallEvent(callID: "C1", kind: .step(teamID: "T1", step), at: Self.received.addingTimeInterval(Double(index + 1) * 60),
                      keyID: "k", facilityID: step >= .transporting && step != .cleared ? "F1" : nil)
        }
        return CallTimeline(callID: "C1", receivedAt: Self.received, events: events)
    }

    @Test(arguments: AssignmentStep.allCases)
    func everyStepPairIsAllowedOrRefusedWithTheAllowedNextSteps(_ from: AssignmentStep) throws {
        let timeline = timeline(at: from)
        let later = Self.received.addingTimeInterval(3_600)
        for to in AssignmentStep.allCases where to != .assigned {
            let action = LifecycleAction.step(teamID: "T1", to, facilityID: "F1")
            if Self.allowed[from]!.contains(to) {
                let events = try timeline.events(for: action, at: later, keyID: "k")
                #expect(events.map(\.kind) == [.step(teamID: "T1", to)], "\(from) → \(to)")
            } else if from == .cleared {
                #expect(throws: LifecycleRefusal.notAssigned(teamID: "T1"), "\(from) → \(to)") {
                    try timeline.events(for: action, at: later, keyID: "k")
                }
            } else {
                #expect(throws: LifecycleRefusal.stepNotAllowed(teamID: "T1", current: from, requested: to, allowed: from.next),
                        "\(from) → \(to)") { try timeline.events(for: action, at: later, keyID: "k") }
            }
        }
        #expect(Set(from.next) == Self.allowed[from]!)
    }

    @Test func aStepBeforeTheOneItFollowsIsRefusedNamingBoth() throws {
        let onScene = timeline(at: .onScene)
        let early = Self.received.addingTimeInterval(60)
        #expect(throws: LifecycleRefusal.beforePrevious(field: "at", at: early, previous: Self.received.addingTimeInterval(180),
                                                        previousField: "on_scene at")) {
            try onScene.events(for: .step(teamID: "T1", .cleared, facilityID: nil), at: early, keyID: "k")
        }
        #expect(throws: LifecycleRefusal.facilityRequired) {
            try onScene.events(for: .step(teamID: "T1", .transporting, facilityID: nil), at: Self.received.addingTimeInterval(600), keyID: "k")
        }
        let atFacility = try timeline(at: .transporting).events(
            for: .step(teamID: "T1", .atFacility, facilityID: nil), at: Self.received.addingTimeInterval(900), keyID: "k")
        #expect(atFacility.first?.facilityID == "F1", "the arrival carries the transport's facility")
    }

    @Test func theCallsStateIsItsMostAdvancedOpenAssignment() throws {
        var call = CallTimeline(callID: "C1", receivedAt: Self.received, events: [])
        #expect(call.state == .received)
        #expect(CallTimeline(callID: "C0", receivedAt: Self.received, disposition: .referred, events: []).state == .closed,
                "history imported with its disposition is closed")
        let t = { (minutes: Double) in Self.received.addingTimeInterval(minutes * 60) }
        call.events += try call.events(for: .assign(teamID: "officer", preempt: false), at: t(1), keyID: "d")
        call.events += try call.events(for: .assign(teamID: "clinician", preempt: false), at: t(2), keyID: "d")
        call.events += try call.events(for: .step(teamID: "officer", .onScene, facilityID: nil), at: t(9), keyID: "d")
        #expect(call.state == .onScene)
        #expect(call.responseSeconds == 540)
        call.events += try call.events(for: .step(teamID: "officer", .cleared, facilityID: nil), at: t(30), keyID: "d")
        #expect(call.state == .assigned, "the clinician is still assigned")
        #expect(throws: LifecycleRefusal.teamsNotCleared(["clinician"])) {
            try call.events(for: .close(.resolvedOnScene, outcomes: []), at: t(40), keyID: "d")
        }
        call.events += try call.events(for: .step(teamID: "clinician", .cleared, facilityID: nil), at: t(31), keyID: "d")
        #expect(call.state == .cleared)
        call.events += try call.events(for: .close(.resolvedOnScene, outcomes: [.divertedFromED, .divertedFromJail]), at: t(41), keyID: "d")
        #expect(call.state == .closed && call.outcomes == [.divertedFromED, .divertedFromJail])
        #expect(throws: LifecycleRefusal.callEnded(callID: "C1", state: .closed)) {
            try call.events(for: .assign(teamID: "another", preempt: false), at: t(50), keyID: "d")
        }
    }

    @Test func assigningATeamOnAnotherCallNeedsPreemptAndClearsItThere() throws {
        let call = CallTimeline(callID: "C2", receivedAt: Self.received, events: [])
        let at = Self.received.addingTimeInterval(60)
        #expect(throws: LifecycleRefusal.teamOnAnotherCall(teamID: "T1", callID: "C1")) {
            try call.events(for: .assign(teamID: "T1", preempt: false), at: at, keyID: "d", teamOnCall: "C1")
        }
        let events = try call.events(for: .assign(teamID: "T1", preempt: true), at: at, keyID: "d", teamOnCall: "C1")
        #expect(events.map(\.callID) == ["C1", "C2"])
        #expect(events[0].kind == .step(teamID: "T1", .cleared) && events[0].reason == "preempted")
        #expect(LifecycleChange.statuses(after: events).map(\.status) == [.dispatched], "the team ends dispatched to the new call")
    }

    @Test func cancellingFreesTheTeamsStillOnTheCall() throws {
        var call = timeline(at: .enRoute)
        let events = try call.events(for: .cancel(reason: "caller_declined"), at: Self.received.addingTimeInterval(600), keyID: "d")
        call.events += events
        #expect(events.first?.kind == .step(teamID: "T1", .cleared) && events.first?.reason == "call_cancelled")
        #expect(call.state == .cancelled && call.cancelReason == "caller_declined")
        #expect(LifecycleChange.statuses(after: events).map(\.status) == [.available])
    }
}
