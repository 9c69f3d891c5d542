extension Fixture {
    /// Whether a repair on `day` (`YYYY-MM-DD`) is in warranty (质保期内): in warranty
    /// through the end date inclusive, out of warranty from the next day, `unknown` when the
    /// end date is missing — or when either date is not a real date, since guessing would
    /// bill a resident for a repair the supplier owes.
    public func warrantyStatus(onDay day: String) -> WarrantyStatus {
        guard let today = ISODate(day) else { return .unknown }
        return warrantyStatus(on: today)
    }

    /// `warrantyStatus(onDay:)` for an already-parsed day.
    public func warrantyStatus(on day: ISODate) -> WarrantyStatus {
        guard let text = warrantyEnd, let end = ISODate(text) else { return .unknown }
        return day <= end ? .inWarranty : .outOfWarranty
    }
}
