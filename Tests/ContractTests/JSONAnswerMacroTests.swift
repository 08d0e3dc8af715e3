import Contract
import Foundation
import Testing

/// `@JSONAnswer` derives the writer from the stored properties as the
/// synthesized `Encodable` does: declaration order does not matter, computed
/// and static properties are not members, nil members are left out.
@Suite struct JSONAnswerMacroTests {
    @JSONAnswer
    struct Shuffled: Encodable {
        static let ignored = "not a member"
        var zebra: String?
        var apple: Int, mango: [Double]
        var `default`: Bool
        var Upper = "capitals sort before lower case"
        var nested: [Inner] = []
        var byName: [String: Double]?
        var computed: Int { apple * 2 }
        var observed: Double = 0 { didSet { apple += 1 } }
    }

    @JSONAnswer
    struct Inner: Encodable {
        var b: Double
        var a: String?
    }

    func encoderText(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    func written(_ value: some JSONAnswerValue) -> String {
        var writer = JSONTextWriter()
        value.writeJSON(to: &writer)
        return writer.text
    }

    @Test func membersInByteOrderWithoutNilsOrComputedProperties() throws {
        var full = Shuffled(zebra: "z", apple: 3, mango: [0.1, -2, 1e-7], default: true,
                            nested: [Inner(b: 1.5, a: nil), Inner(b: 0, a: "\"q\"")], byName: ["é": 1, "B": 2.5, "a": 0])
        full.observed = 0.25
        #expect(written(full) == (try encoderText(full)))
        #expect(written(full).hasPrefix(#"{"Upper":"capitals sort before lower case","apple":4,"byName":{"B":2.5,"a":0,"é":1},"default":true"#))
        #expect(!written(full).contains("computed") && !written(full).contains("ignored"))
        let sparse = Shuffled(zebra: nil, apple: 0, mango: [], default: false)
        #expect(written(sparse) == (try encoderText(sparse)))
        #expect(!written(sparse).contains("zebra") && !written(sparse).contains("byName"))
    }
}
