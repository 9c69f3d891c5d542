/// Splits values into consecutive chunks whose estimated message size stays within a bound.
enum Chunking {
    /// Greedy, order-preserving: each chunk holds as many values as fit in
    /// `bytesMax - overhead` by `size`; a value larger than that alone gets its own chunk
    /// (callers refuse such values earlier). Also caps values per chunk at `countMax`.
    static func chunks<T>(_ values: [T], bytesMax: Int, overhead: Int, countMax: Int,
                          size: (T) -> Int) -> [[T]] {
        var out: [[T]] = []
        var current: [T] = []
        var bytes = overhead
        for v in values {
            let s = size(v)
            if !current.isEmpty, bytes + s > bytesMax || current.count >= countMax {
                out.append(current)
                current = []
                bytes = overhead
            }
            current.append(v)
            bytes += s
        }
        if !current.isEmpty { out.append(current) }
        return out
    }
}
