/// Bounds on replicated state accepted from outside (decoding untrusted bytes).
///
/// Local mutators are bounded by their callers; a peer, a file or a frame is not, so every
/// decoder checks these before it allocates. Exceeding one is a `DecodingError`, never a trap.
public enum CRDTLimits {
    /// Entries in a version vector or a counter: one per replica (site) that ever wrote.
    public static let replicasMax = 1_024
    /// Non-contiguous dots kept in a causal context's dot cloud (gaps awaiting delivery).
    public static let dotCloudMax = 65_536
    /// Dots recorded for one element of an observed-remove set (one per concurrent add).
    public static let dotsPerElementMax = 1_024
    /// Elements (or keys) in one set or map.
    public static let elementsMax = 1_000_000
    /// Bytes accepted by `CRDTCodec.decode`.
    public static let encodedBytesMax = 64 * 1024 * 1024
}
