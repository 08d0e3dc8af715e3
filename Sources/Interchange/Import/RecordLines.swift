/// Which line each record of a CSV file starts on, kept as runs: a record
/// one line after the one before it costs nothing, so a million one-line
/// rows take one entry, and only multi-line fields and blank lines add one.
struct RecordLines {
    private struct Run {
        var firstIndex: Int
        var firstLine: Int
    }

    private var runs: [Run] = []
    private(set) var count = 0

    mutating func append(line: Int) {
        if let last = runs.last, last.firstLine + (count - last.firstIndex) == line {
            count += 1
            return
        }
        runs.append(Run(firstIndex: count, firstLine: line))
        count += 1
    }

    /// The line record `index` (0-based, in file order) starts on.
    func line(ofRecord index: Int) -> Int {
        precondition(index >= 0 && index < count, "record \(index) of \(count)")
        var low = 0
        var high = runs.count - 1
        while low < high {
            let middle = (low + high + 1) / 2
            if runs[middle].firstIndex <= index { low = middle } else { high = middle - 1 }
        }
        return runs[low].firstLine + (index - runs[low].firstIndex)
    }
}
