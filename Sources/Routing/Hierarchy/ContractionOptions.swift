/// Tuning for contraction-hierarchy preprocessing. The limits trade
/// preprocessing time against shortcut count: a witness search cut short
/// only ever adds a shortcut that was not needed, never a wrong answer.
public struct ContractionOptions: Hashable, Sendable {
    /// Nodes a witness search may settle when a node comes off the queue
    /// (rated again, and contracted if it is still the least important).
    public var witnessSettleLimit: Int
    /// Nodes a witness search may settle when every node is first rated.
    public var simulationSettleLimit: Int
    /// Weight of the edge difference (shortcuts added less arcs removed) in a node's priority.
    public var edgeDifferenceWeight: Int
    /// Weight of the count of already contracted neighbours, which spreads
    /// contraction evenly over the network.
    public var deletedNeighbourWeight: Int

    public init(witnessSettleLimit: Int = 400, simulationSettleLimit: Int = 60,
                edgeDifferenceWeight: Int = 4, deletedNeighbourWeight: Int = 1) {
        self.witnessSettleLimit = witnessSettleLimit
        self.simulationSettleLimit = simulationSettleLimit
        self.edgeDifferenceWeight = edgeDifferenceWeight
        self.deletedNeighbourWeight = deletedNeighbourWeight
    }
}
