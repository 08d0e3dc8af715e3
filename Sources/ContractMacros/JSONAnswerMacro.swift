import SwiftCompilerPlugin
import SwiftDiagnostics
import SwiftSyntax
import SwiftSyntaxMacros

/// `@JSONAnswer` on a struct: an extension conforming it to
/// `JSONAnswerValue`, whose `writeJSON(to:)` writes every stored property as
/// a member, keys in byte order and nil members left out, which is exactly
/// what `JSONEncoder` with `.sortedKeys` writes for its synthesized
/// `Encodable` conformance. The properties stay the one list of fields: the
/// Codable encoding and this writer are both derived from them.
public struct JSONAnswerMacro: ExtensionMacro {
    public static func expansion(
        of node: AttributeSyntax,
        attachedTo declaration: some DeclGroupSyntax,
        providingExtensionsOf type: some TypeSyntaxProtocol,
        conformingTo protocols: [TypeSyntax],
        in context: some MacroExpansionContext
    ) throws -> [ExtensionDeclSyntax] {
        guard let structure = declaration.as(StructDeclSyntax.self) else {
            context.diagnose(Diagnostic(node: node, message: Problem.notAStruct))
            return []
        }
        // Custom coding keys would make the JSON names differ from the property names.
        let hasCodingKeys = structure.memberBlock.members.contains { member in
            member.decl.as(EnumDeclSyntax.self)?.name.text == "CodingKeys"
        }
        if hasCodingKeys {
            context.diagnose(Diagnostic(node: node, message: Problem.codingKeys))
            return []
        }
        let names = storedPropertyNames(of: structure).sorted { Array($0.utf8).lexicographicallyPrecedes(Array($1.utf8)) }
        let members = names.map { "        writer.member(\"\($0)\", self.\($0))" }.joined(separator: "\n")
        // A generic answer writes itself when its parameters can.
        let parameters = structure.genericParameterClause?.parameters.map(\.name.text) ?? []
        let requirement = parameters.isEmpty ? "" : " where " + parameters.map { "\($0): JSONAnswerValue" }.joined(separator: ", ")
        let source: DeclSyntax = """
            extension \(type.trimmed): JSONAnswerValue\(raw: requirement) {
                public func writeJSON(to writer: inout JSONTextWriter) {
                    writer.beginObject()
            \(raw: members)
                    writer.endObject()
                }
            }
            """
        guard let extensionDecl = source.as(ExtensionDeclSyntax.self) else { return [] }
        return [extensionDecl]
    }

    /// The instance properties that hold a value: what synthesized `Encodable` encodes.
    static func storedPropertyNames(of structure: StructDeclSyntax) -> [String] {
        var names: [String] = []
        for member in structure.memberBlock.members {
            guard let variable = member.decl.as(VariableDeclSyntax.self) else { continue }
            let isStatic = variable.modifiers.contains { $0.name.tokenKind == .keyword(.static) || $0.name.tokenKind == .keyword(.class) }
            guard !isStatic else { continue }
            for binding in variable.bindings {
                if let accessors = binding.accessorBlock?.accessors, isComputed(accessors) { continue }
                if let name = binding.pattern.as(IdentifierPatternSyntax.self)?.identifier.text {
                    names.append(name.trimmingBackticks)
                }
            }
        }
        return names
    }

    /// A getter makes a computed property; `willSet`/`didSet` observers keep it stored.
    private static func isComputed(_ accessors: AccessorBlockSyntax.Accessors) -> Bool {
        switch accessors {
        case .getter: return true
        case .accessors(let list):
            return list.contains { accessor in
                [.keyword(.get), .keyword(.set), .keyword(._read), .keyword(._modify)].contains(accessor.accessorSpecifier.tokenKind)
            }
        }
    }

    enum Problem: String, DiagnosticMessage {
        case notAStruct = "@JSONAnswer applies to structs"
        case codingKeys = "@JSONAnswer writes property names as keys: remove CodingKeys or do not use @JSONAnswer"

        var message: String { rawValue }
        var diagnosticID: MessageID { MessageID(domain: "ContractMacros", id: "\(self)") }
        var severity: DiagnosticSeverity { .error }
    }
}

extension String {
    fileprivate var trimmingBackticks: String {
        hasPrefix("`") && hasSuffix("`") && count > 1 ? String(dropFirst().dropLast()) : self
    }
}

@main
struct ContractMacrosPlugin: CompilerPlugin {
    let providingMacros: [any Macro.Type] = [JSONAnswerMacro.self]
}
