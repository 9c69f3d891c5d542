import Foundation
import TOMLKit

// MARK: - [campaigns]

/// Which `MessageProvider` the node's outbound campaigns send through.
///
/// ```toml
/// [campaigns]
/// provider = "webhook"                          # or "outbox" (the default)
/// webhook_url = "https://sms.example.com/send"  # required by webhook
/// webhook_timeout = "10s"                       # 1s–60s, default 5s
/// webhook_token = "…"                           # optional bearer token
/// ```
public enum CampaignProviderSetting: Sendable, Hashable {
    /// Messages are appended to the outbox file under the data directory.
    case outbox
    /// Messages are POSTed to a gateway's webhook (`CampaignWebhookProvider`).
    case webhook(url: URL, timeoutMs: Int, token: String?)

    static let section = "campaigns"

    static func parse(_ t: TOMLTable) throws(ConfigError) -> CampaignProviderSetting {
        try NodeConfigFile.checkKeys(t, allowed: ["provider", "webhook_url", "webhook_timeout", "webhook_token"],
                                     section: section)
        let provider = try NodeConfigFile.string(t, "provider", section: section) ?? "outbox"
        let urlText = try NodeConfigFile.string(t, "webhook_url", section: section)
        let timeoutMs = try ConfigValues.durationMs(t, "webhook_timeout", section: section, range: 1_000...60_000)
        let token = try NodeConfigFile.string(t, "webhook_token", section: section)
        switch provider {
        case "outbox":
            if let stray = ["webhook_url", "webhook_timeout", "webhook_token"].first(where: { t[$0] != nil }) {
                throw ConfigError("[campaigns] \(stray) is set but provider is \"outbox\"; set provider = \"webhook\" or remove it")
            }
            return .outbox
        case "webhook":
            guard let urlText else { throw ConfigError("[campaigns] webhook_url is required when provider = \"webhook\"") }
            guard urlText.utf8.count <= 2_048, let url = URL(string: urlText),
                  let scheme = url.scheme?.lowercased(), ["http", "https"].contains(scheme), url.host != nil else {
                throw ConfigError("[campaigns] webhook_url must be an absolute http or https URL")
            }
            if let token, token.isEmpty || token.utf8.count > 512 {
                throw ConfigError("[campaigns] webhook_token must be 1–512 characters")
            }
            return .webhook(url: url, timeoutMs: Int(timeoutMs ?? 5_000), token: token)
        default:
            throw ConfigError("[campaigns] provider must be \"outbox\" or \"webhook\" (got \"\(provider.prefix(40))\")")
        }
    }
}

// MARK: - [recordings]

/// `[recordings] retention_days = 180`: recordings older than this are deleted daily;
/// 0 (the default) keeps them forever.
/// A section holding only `retention_days`: `[recordings]` and `[audit]`.
enum RecordingsConfig {
    static let retentionDaysMax = 36_500

    static func parse(_ t: TOMLTable, section: String = "recordings") throws(ConfigError) -> Int {
        try NodeConfigFile.checkKeys(t, allowed: ["retention_days"], section: section)
        let days = try NodeConfigFile.int(t, "retention_days", section: section) ?? 0
        guard (0...retentionDaysMax).contains(days) else {
            throw ConfigError("[\(section)] retention_days must be 0 (keep forever) to \(retentionDaysMax) (got \(days))")
        }
        return days
    }
}
