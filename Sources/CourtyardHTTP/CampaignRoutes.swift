import CourtyardCallCenter
import CourtyardCRDT
import CourtyardRuntime
import Hummingbird

// MARK: - /api/v1/campaigns, /api/v1/opt-outs

/// Outbound campaigns (主动服务, SPEC §5): create (or dry-run), list, inspect, start, pause,
/// cancel, list messages; residents' opt-outs; delivery receipts from the SMS/voice gateway.
struct CampaignRoutes {
    let services: CampaignServices?

    func register(on group: RouterGroup<AppRequestContext>) {
        group.post("campaigns", use: create)
        group.get("campaigns", use: list)
        group.get("campaigns/templates", use: templates)
        group.post("campaigns/receipts", use: receipts)
        group.get("campaigns/:campaignId", use: get)
        group.post("campaigns/:campaignId/start") { try await command($0, $1, .start) }
        group.post("campaigns/:campaignId/pause") { try await command($0, $1, .pause) }
        group.post("campaigns/:campaignId/cancel") { try await command($0, $1, .cancel) }
        group.get("campaigns/:campaignId/messages", use: messages)
        group.post("opt-outs", use: optOut)
    }

    func enabled() throws -> CampaignServices {
        guard let services else { throw APIError.campaignsDisabled }
        return services
    }

    // MARK: Create

    /// The body is a `CampaignRequest`. `?dryRun=true` plans without storing: the answer
    /// (200) holds the audience size, the skipped residents per reason and a preview of the
    /// first rendered messages. Otherwise the campaign is stored as a draft (201).
    @Sendable func create(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<JSONBody<CampaignCreation>> {
        let services = try enabled()
        let dryRun = try QueryReader(request: request).bool("dryRun") ?? false
        let body = try await request.decodeJSON(CampaignRequest.self)
        let creation = try await services.runner.create(body, dryRun: dryRun, createdBy: context.actor)
        return EditedResponse(status: dryRun ? .ok : .created, response: JSONBody(creation))
    }

    // MARK: Reads

    /// Filters: `site`, `status`; `limit` 1–500 (default 100). Newest first.
    @Sendable func list(_ request: Request, context: AppRequestContext) async throws -> CampaignListJSON {
        let services = try enabled()
        let q = QueryReader(request: request)
        let campaigns = try await services.store.campaigns(site: try q.site(), status: try q.enumValue("status", CampaignStatus.self),
                                                           limit: try q.int("limit", in: 1...CampaignQueryLimits.listMax) ?? 100)
        return CampaignListJSON(campaigns: campaigns)
    }

    @Sendable func templates(_ request: Request, context: AppRequestContext) async throws -> BuiltInTemplatesJSON {
        BuiltInTemplatesJSON(templates: BuiltInTemplate.all)
    }

    @Sendable func get(_ request: Request, context: AppRequestContext) async throws -> CampaignStatusJSON {
        let status = try await enabled().runner.status(try context.campaignID())
        return CampaignStatusJSON(status.campaign, counts: status.counts)
    }

    /// `state` filters; `limit` 1–1000 (default 100), `offset`. In send order.
    @Sendable func messages(_ request: Request, context: AppRequestContext) async throws -> CampaignMessagesJSON {
        let services = try enabled()
        let id = try context.campaignID()
        let q = QueryReader(request: request)
        let state = try q.enumValue("state", MessageState.self)
        let limit = try q.int("limit", in: 1...CampaignQueryLimits.messagesPageMax) ?? 100
        let offset = try q.int("offset", in: 0...CampaignLimits.audienceMax) ?? 0
        guard try await services.store.campaign(id) != nil else { throw APIError.notFound("campaign", id.rawValue) }
        return CampaignMessagesJSON(messages: try await services.store.messages(id, state: state, limit: limit, offset: offset))
    }

    // MARK: Commands

    func command(_ request: Request, _ context: AppRequestContext, _ command: CampaignCommand) async throws -> CampaignStatusJSON {
        let services = try enabled()
        let id = try context.campaignID()
        _ = try await services.runner.command(id, command)
        let status = try await services.runner.status(id)
        return CampaignStatusJSON(status.campaign, counts: status.counts)
    }

    // MARK: Opt-outs and receipts

    /// `{"residentID": "r1", "channel": "sms" | "voice" | "all"}` (channel defaults to all).
    @Sendable func optOut(_ request: Request, context: AppRequestContext) async throws -> EditedResponse<OptOutJSON> {
        let body = try await request.decodeJSON(OptOutRequest.self)
        let optOut = try await enabled().runner.optOut(residentID: body.residentID, channel: body.channel ?? .all)
        return EditedResponse(status: .created, response: OptOutJSON(optOut: optOut))
    }

    /// One receipt (`{"messageID"|"providerMessageID", "status": "delivered"|"failed",
    /// "detail"}`) or `{"receipts": [...]}` (at most 1000). A single receipt that is refused
    /// answers its error; in a batch, each result says how its receipt fared.
    @Sendable func receipts(_ request: Request, context: AppRequestContext) async throws -> ReceiptsJSON {
        let services = try enabled()
        let body = try await request.decodeJSON(ReceiptsRequest.self)
        guard !body.receipts.isEmpty, body.receipts.count <= ReceiptsRequest.receiptsMax else {
            throw APIError.badRequest("receipts must hold 1–\(ReceiptsRequest.receiptsMax) receipts", field: "receipts")
        }
        for (i, r) in body.receipts.enumerated() {
            guard r.messageID != nil || r.providerMessageID != nil else {
                throw APIError.badRequest("receipt \(i) needs messageID or providerMessageID", field: "receipts[\(i)].messageID")
            }
            if let p = r.providerMessageID, p.isEmpty || p.count > CampaignLimits.reasonCharactersMax {
                throw APIError.badRequest("receipt \(i): providerMessageID must be 1–\(CampaignLimits.reasonCharactersMax) characters",
                                          field: "receipts[\(i)].providerMessageID")
            }
        }
        if body.receipts.count == 1 {
            let m = try await services.runner.applyReceipt(body.receipts[0])
            return ReceiptsJSON(results: [ReceiptResultJSON(messageID: m.id.rawValue, providerMessageID: m.providerMessageID, state: m.state)])
        }
        var results: [ReceiptResultJSON] = []
        for r in body.receipts {
            do {
                let m = try await services.runner.applyReceipt(r)
                results.append(ReceiptResultJSON(messageID: m.id.rawValue, providerMessageID: m.providerMessageID, state: m.state))
            } catch let error as ServiceError where error.kind != .storage {
                results.append(ReceiptResultJSON(messageID: r.messageID?.rawValue, providerMessageID: r.providerMessageID, error: error.message))
            }
        }
        return ReceiptsJSON(results: results)
    }
}

extension AppRequestContext {
    /// A campaign id from the path; malformed → 400.
    func campaignID(_ name: String = "campaignId") throws -> CampaignID {
        let raw = try parameters.require(name)
        do { return try CampaignID(validating: raw) } catch {
            throw APIError(.badRequest, code: "malformed_id", error.description,
                           fields: [.init(field: name, message: "malformed campaign id")])
        }
    }
}
