/// A node where a search starts or ends, with the cost between it and the
/// actual location: for an origin, the cost from the location to the node;
/// for a target, the cost from the node to the location. A location on an
/// edge gives one or two seeds (the edge's ends it can leave or arrive by).
public struct Seed: Hashable, Sendable {
    public var node: Int
    public var seconds: Double
    public var metres: Double

    public init(node: Int, seconds: Double = 0, metres: Double = 0) {
        self.node = node
        self.seconds = seconds
        self.metres = metres
    }
}

/// The time and length of a quickest path.
public struct PathCost: Hashable, Sendable {
    public var seconds: Double
    public var metres: Double

    public init(seconds: Double, metres: Double) {
        self.seconds = seconds
        self.metres = metres
    }
}
