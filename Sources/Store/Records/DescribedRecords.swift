/// Every record kind with a table description: the list both backends
/// check their tables against when a store opens. A new record kind is
/// added here once.
public enum DescribedRecords {
    public static var all: [any DescribedRecord.Type] { [Facility.self, Team.self, CrisisCall.self, Area.self] }
}
