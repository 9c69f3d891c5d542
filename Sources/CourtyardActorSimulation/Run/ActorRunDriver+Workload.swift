import CourtyardCRDT
import CourtyardDomain
import CourtyardReplication
import CourtyardRuntime
import CourtyardSimulation
import Foundation

// MARK: - Workload

/// Residents call (a daily curve with surges); an agent at the site takes each call and
/// writes a work order at the consistency level the mix draws; some orders are then worked
/// — assigned, accepted, resolved — from whichever site is up, as any node may work any
/// ticket. What the workload was told is what the checkers judge.
extension ActorRunDriver {
    static let titles = ["厨房水龙头漏水", "楼道灯不亮", "电梯异响", "空调不制冷", "停车位被占", "物业费咨询", "地下室渗水"]
    static let categories: [TicketCategory] = [.repair, .repair, .repair, .publicFacilityRepair, .complaint, .consultation, .repair]

    /// Each simulated minute, per site, a Poisson number of calls at uniform instants.
    func scheduleWorkload() {
        let minutes = scenario.durationMs / 60_000
        guard minutes > 0 else { return }
        for minute in 0..<minutes {
            scheduler.schedule(atNs: minute * 60_000 * 1_000_000) { [self] in
                for site in world.sites {
                    let rate = scenario.workload.callsPerMinute(virtualMs: minute * 60_000, startHour: scenario.startHour)
                    for _ in 0..<poisson(rate) {
                        let offsetMs = Int64(scheduler.draw(below: 60_000))
                        scheduler.schedule(afterMs: offsetMs) { [self] in call(at: site) }
                    }
                }
            }
        }
    }

    /// Knuth's method; rates here are small (calls per minute at one site).
    func poisson(_ lambda: Double) -> Int {
        guard lambda > 0 else { return 0 }
        let limit = exp(-min(lambda, 50))
        var k = 0
        var p = 1.0
        repeat {
            k += 1
            p *= Double(scheduler.draw() >> 11) / Double(1 << 53)
        } while p > limit && k < 500
        return k - 1
    }

    func call(at site: SimSite) {
        stats.calls += 1
        guard let life = site.life else {
            world.records.withLock { $0.writesRefusedDown += 1 }
            return
        }
        let mix = scenario.workload.consistencyMix
        let consistency = mix[scheduler.draw(below: mix.count)]
        let pick = scheduler.draw(below: Self.titles.count)
        let emergency = Double(scheduler.draw() >> 11) / Double(1 << 53) < scenario.workload.emergencyRate
        let draft = TicketDraft(category: emergency ? .emergency : Self.categories[pick],
                                priority: emergency ? .emergency : .ordinary, channel: .phone,
                                title: Self.titles[pick], description: "住户来电：\(Self.titles[pick])",
                                callerPhone: "+86138\(String(10_000_000 + scheduler.draw(below: 89_999_999)))")
        let worked = scheduler.draw(below: 3) == 0
        let world = self.world
        let settings = world.settings
        Task(executorPreference: life.owner.preferredTaskExecutor) {
            guard let node = life.node else {
                world.records.withLock { $0.writesRefusedDown += 1 }
                return
            }
            let aliveBefore = await Self.aliveSites(node)
            do {
                let state = try await life.tickets.create(draft: draft, actor: "agent")
                let own = try await life.store.events(of: state.id).map(\.id).filter { $0.origin == site.site }
                if consistency != .local {
                    try await node.awaitReplication(of: own, consistency: consistency,
                                                         timeoutMs: settings.writeTimeoutMs)
                }
                let aliveAfter = await Self.aliveSites(node)
                world.recordAck(site: site, ticket: state.id, events: own, consistency: consistency,
                                aliveSites: min(aliveBefore, aliveAfter))
                if worked { world.scheduleFollowUps(of: state.id) }
            } catch {
                world.records.withLock { $0.writesFailed += 1 }
                world.scheduler.trace("write-failed", "\(site.site): \(error)")
            }
        }
    }

    /// Sites the node sees up (itself included), as its replication counts them.
    static func aliveSites(_ node: ClusterNode) async -> Int {
        let members = await node.members()
        return Set(members.filter(\.isUp).map(\.site)).union([node.myself.site]).count
    }
}

// MARK: - Acks and follow-ups

extension SimWorld {
    func recordAck(site: SimSite, ticket: TicketID, events: [EventID], consistency: ConsistencyLevel, aliveSites: Int) {
        let copies = sites.filter { s in events.allSatisfy { s.log.contains($0) } }.count
        let needed: Int = switch consistency {
        case .local: 1
        case .sites(let n): n
        case .quorum: aliveSites / 2 + 1
        case .all: aliveSites
        }
        let ack = AckedWrite(site: site.site, ticket: ticket, events: events, consistency: consistency,
                             atMs: scheduler.nowMs, copiesAtAck: copies, copiesNeeded: needed)
        records.withLock { $0.acked.append(ack) }
        scheduler.trace("ack", "\(site.site) \(ticket) \(consistency) copies=\(copies)")
        if copies < needed {
            violate("durability", "\(ticket) acknowledged at \(consistency) with \(copies) durable copies; \(needed) needed")
        }
    }

    /// Assign, accept, resolve — each from a site drawn at random, minutes apart.
    func scheduleFollowUps(of ticket: TicketID) {
        let steps: [TicketEventBody] = [
            .assigned(Assignment(assignee: "张师傅", department: "工程部", mode: .assign)),
            .accepted,
            .resolved(Resolution(summary: "已维修完毕")),
        ]
        var atMs: Int64 = 0
        for body in steps {
            atMs += Int64(60_000 + scheduler.draw(below: 240_000))
            let pick = scheduler.draw(below: sites.count)
            scheduler.schedule(afterMs: atMs) { [self] in followUp(ticket, body, at: sites[pick]) }
        }
    }

    private func followUp(_ ticket: TicketID, _ body: TicketEventBody, at site: SimSite) {
        guard let life = site.life else { return }
        Task(executorPreference: life.owner.preferredTaskExecutor) { [self] in
            do {
                _ = try await life.tickets.append(ticket: ticket, body: body, actor: "technician")
                records.withLock { $0.followUps += 1 }
            } catch {
                records.withLock { $0.followUpsRefused += 1 }
            }
        }
    }
}
