import CourtyardCRDT

// MARK: - HLC and EventID columns

extension HLCTimestamp {
    /// Wall times at or above this (2^46 ms, the year 4199) would set the sign bit of the
    /// packed value and break the order of the signed SQLite integer.
    static let storableWallMsLimit: Int64 = 1 << 46

    /// The order-preserving packed HLC as a non-negative SQLite integer. Throws rather than
    /// saturate: a lossy packing could make two distinct event ids collide.
    func storageValue() throws(StorageError) -> Int64 {
        guard wallMs >= 0, wallMs < HLCTimestamp.storableWallMsLimit,
              logical <= HLCTimestamp.logicalPackedMax else {
            throw StorageError(.eventTimestampOutOfRange,
                               "HLC \(self) cannot be stored: wall time must be in 0..<2^46 ms and the logical counter at most \(HLCTimestamp.logicalPackedMax)")
        }
        return Int64(bitPattern: packed)
    }

    init(storageValue: Int64) {
        self.init(packed: UInt64(bitPattern: storageValue))
    }
}

extension EventID {
    /// Decodes an event id from its two columns; nil when the origin is not a valid replica id.
    init?(storageHLC hlc: Int64, origin: String) {
        guard let replica = ReplicaID(validating: origin) else { return nil }
        self.init(hlc: HLCTimestamp(storageValue: hlc), origin: replica)
    }
}
