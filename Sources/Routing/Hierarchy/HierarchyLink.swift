/// How one arc of the hierarchy unpacks: either one road edge driven in one
/// direction, or a shortcut standing for two hierarchy links in a row (into
/// the contracted middle node, then out of it).
struct HierarchyLink: Sendable {
    // Original edge: first = -1 - (edge * 2 + against), second unused.
    // Shortcut: first and second are link indices, both >= 0.
    private let first: Int32
    private let second: Int32

    static func edge(_ edge: Int32, againstGeometry: Bool) -> HierarchyLink {
        HierarchyLink(first: -1 - (edge * 2 + (againstGeometry ? 1 : 0)), second: -1)
    }

    static func shortcut(_ first: Int32, _ second: Int32) -> HierarchyLink {
        HierarchyLink(first: first, second: second)
    }

    var isShortcut: Bool { first >= 0 }

    /// The links a shortcut stands for, in driving order.
    var parts: (Int32, Int32) { (first, second) }

    var traversal: EdgeTraversal {
        let packed = -1 - first
        return EdgeTraversal(edge: Int(packed / 2), againstGeometry: packed % 2 == 1)
    }
}

/// One road edge of a path, and which way it is driven.
public struct EdgeTraversal: Hashable, Sendable {
    public var edge: Int
    /// True when driven from the edge's `to` node to its `from` node.
    public var againstGeometry: Bool

    public init(edge: Int, againstGeometry: Bool) {
        self.edge = edge
        self.againstGeometry = againstGeometry
    }
}

/// An arc of the hierarchy's upward or downward graph, in rank numbering.
struct HierarchyArc: SearchArc, Sendable {
    var target: Int32
    var link: Int32
    var seconds: Double
    var metres: Double
}
