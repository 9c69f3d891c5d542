import CourtyardCallCenter
import CourtyardCRDT
import CourtyardDomain

extension CampaignRunner {
    /// Residents read for one audience: well above `CampaignLimits.audienceMax`, so opted-out
    /// and duplicate residents do not crowd out the rest.
    static let residentsReadMax = 50_000
    static let pageSize = 500

    // MARK: Create

    /// Plans a campaign from the directory and, unless `dryRun`, stores it as a draft with
    /// all its messages queued. Invalid input (an unknown placeholder, a missing variable, a
    /// message too long for its channel) throws `invalidInput` and stores nothing.
    public func create(_ request: CampaignRequest, dryRun: Bool, createdBy: String? = nil) async throws -> CampaignCreation {
        let now = nowMs
        let id = try CampaignID(validating: "\(site.rawValue).c\(String(now, radix: 36))\(String(environment.random.next(upperBound: 1_679_616), radix: 36))")
        let campaign = try request.campaign(id: id, defaultSite: site, nowMs: now, createdBy: createdBy)
        do { try campaign.validate() } catch { throw ServiceError(error) }
        let snapshot = try await directorySnapshot(site: campaign.site)
        let optOuts = try await store.optOuts(residentIDs: nil)
        let plan: CampaignPlan
        do { plan = try CampaignPlanner.plan(campaign, directory: snapshot, optOuts: optOuts) } catch { throw ServiceError(error) }
        if !dryRun {
            try await store.create(plan)
            environment.logger.info("campaign created", metadata: ["campaign": "\(id)", "messages": "\(plan.messages.count)"])
        }
        let skipped = Dictionary(uniqueKeysWithValues: plan.skipped.map { ($0.key.rawValue, $0.value) })
        return CampaignCreation(campaign: plan.campaign, dryRun: dryRun, audienceSize: plan.messages.count,
                                skipped: skipped, preview: plan.preview)
    }

    /// The residents of `site`, the site's rooms and their occupancies, read page by page.
    func directorySnapshot(site: SiteID) async throws -> DirectorySnapshot {
        var snapshot = DirectorySnapshot()
        while snapshot.residents.count < Self.residentsReadMax {
            let page = try await directory.residents(site: site, limit: Self.pageSize, offset: snapshot.residents.count)
            snapshot.residents += page
            if page.count < Self.pageSize { break }
        }
        var rooms: [String: Room] = [:]
        for resident in snapshot.residents {
            for link in try await directory.rooms(ofResident: resident.id) where link.room.site == site {
                rooms[link.room.id] = link.room
                snapshot.occupancies.append(Occupancy(residentID: resident.id, roomID: link.room.id, role: link.role))
            }
        }
        snapshot.rooms = rooms.keys.sorted().compactMap { rooms[$0] }
        return snapshot
    }

    // MARK: Reads

    /// The campaign and how many of its messages are in each state.
    public func status(_ id: CampaignID) async throws -> (campaign: Campaign, counts: [MessageState: Int]) {
        guard let campaign = try await store.campaign(id) else { throw ServiceError.notFound("campaign", id.rawValue) }
        return (campaign, try await store.counts(id))
    }
}
