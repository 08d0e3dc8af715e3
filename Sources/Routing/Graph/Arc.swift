/// One way of driving one road edge, as the adjacency arrays hold it.
///
/// In the forward adjacency of node `u` an arc leads to `head`; in the
/// backward adjacency of node `v` it comes from `head`. Either way
/// `againstGeometry` says whether travel runs from the edge's `to` end to its
/// `from` end, which route drawing needs to orient the polyline.
public struct Arc: Hashable, Sendable {
    let headIndex: Int32
    /// The edge index, with the top bit set when travel runs against the geometry
    /// (packed so an arc stays 24 bytes: adjacency scans are memory-bound).
    private let packedEdge: UInt32
    /// Seconds to drive the whole edge.
    public let seconds: Double
    /// Length of the edge, metres.
    public let metres: Double

    init(head: Int32, edge: Int32, againstGeometry: Bool, seconds: Double, metres: Double) {
        headIndex = head
        packedEdge = UInt32(bitPattern: edge) | (againstGeometry ? 0x8000_0000 : 0)
        self.seconds = seconds
        self.metres = metres
    }

    /// The node at the other end of the arc (its target in the forward
    /// adjacency, its source in the backward adjacency).
    public var head: Int { Int(headIndex) }

    /// The index of the road edge in `RoadGraph`.
    public var edge: Int { Int(packedEdge & 0x7FFF_FFFF) }

    public var againstGeometry: Bool { packedEdge & 0x8000_0000 != 0 }
}
