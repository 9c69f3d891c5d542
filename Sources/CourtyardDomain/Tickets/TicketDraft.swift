import CourtyardCRDT

// MARK: - Draft

/// The input that opens a ticket (intake): what an agent types, an IVR booking, an app form.
///
/// Untrusted: `validate()` returns every field error at once so a form can show them all;
/// `created(number:site:)` turns a valid draft into the `created` event's payload.
public struct TicketDraft: Hashable, Sendable, Codable {
    public var category: TicketCategory
    public var consultationTopic: ConsultationTopic?
    public var warranty: WarrantyStatus?
    public var priority: TicketPriority
    public var channel: IntakeChannel
    public var title: String
    public var description: String
    public var residentID: String?
    public var roomID: String?
    public var buildingID: String?
    public var callerPhone: String?
    /// Set for a follow-up (后继子工单) of another ticket.
    public var parentTicketID: TicketID?
    public var callID: String?
    public var recordingID: String?

    public init(category: TicketCategory, priority: TicketPriority = .ordinary, channel: IntakeChannel = .phone,
                title: String, description: String = "", residentID: String? = nil, roomID: String? = nil,
                buildingID: String? = nil, callerPhone: String? = nil, parentTicketID: TicketID? = nil,
                consultationTopic: ConsultationTopic? = nil, warranty: WarrantyStatus? = nil,
                callID: String? = nil, recordingID: String? = nil) {
        self.category = category
        self.priority = priority
        self.channel = channel
        self.title = title
        self.description = description
        self.residentID = residentID
        self.roomID = roomID
        self.buildingID = buildingID
        self.callerPhone = callerPhone
        self.parentTicketID = parentTicketID
        self.consultationTopic = consultationTopic
        self.warranty = warranty
        self.callID = callID
        self.recordingID = recordingID
    }

    /// The draft a `created` payload was made from (to re-check a replicated event).
    public init(_ c: TicketCreated) {
        self.init(category: c.category, priority: c.priority, channel: c.channel, title: c.title,
                  description: c.description, residentID: c.residentID, roomID: c.roomID,
                  buildingID: c.buildingID, callerPhone: c.callerPhone, parentTicketID: c.parentTicketID,
                  consultationTopic: c.consultationTopic, warranty: c.warranty,
                  callID: c.callID, recordingID: c.recordingID)
    }

    // MARK: Validation

    /// Every problem with the draft; empty when it may be created.
    public func validate() -> [TicketDraftError] {
        var check = TicketFieldCheck()
        checkFields(into: &check)
        return check.errors.map(TicketDraftError.init)
    }

    func checkFields(into check: inout TicketFieldCheck) {
        check.required(title, "title", limit: TicketLimits.titleCharsMax)
        check.length(description, "description", limit: TicketLimits.descriptionCharsMax)
        check.optional(residentID, "residentID", limit: TicketLimits.idCharsMax)
        check.optional(roomID, "roomID", limit: TicketLimits.idCharsMax)
        check.optional(buildingID, "buildingID", limit: TicketLimits.idCharsMax)
        check.optional(callID, "callID", limit: TicketLimits.idCharsMax)
        check.optional(recordingID, "recordingID", limit: TicketLimits.idCharsMax)
        if let phone = callerPhone {
            check.required(phone, "callerPhone", limit: TicketLimits.phoneCharsMax)
            if !phone.unicodeScalars.allSatisfy(Self.isPhoneScalar) {
                check.fail(.invalidField(field: "callerPhone", reason: "may hold only digits, spaces and + - ( )"))
            }
        }
        if consultationTopic != nil && category != .consultation {
            check.fail(.invalidField(field: "consultationTopic", reason: "applies only to consultations"))
        }
        if warranty != nil && category != .repair && category != .publicFacilityRepair {
            check.fail(.invalidField(field: "warranty", reason: "applies only to repairs"))
        }
    }

    private static func isPhoneScalar(_ s: Unicode.Scalar) -> Bool {
        ("0"..."9").contains(s) || s == " " || s == "+" || s == "-" || s == "(" || s == ")"
    }

    // MARK: Creation

    /// The payload of the `created` event. Validate first: this does not check.
    public func created(number: TicketNumber, site: ReplicaID) -> TicketCreated {
        TicketCreated(number: number, site: site, category: category, consultationTopic: consultationTopic,
                      warranty: warranty, priority: priority, channel: channel, title: title,
                      description: description, residentID: residentID, roomID: roomID, buildingID: buildingID,
                      callerPhone: callerPhone, parentTicketID: parentTicketID, callID: callID,
                      recordingID: recordingID)
    }
}

// MARK: - Draft errors

/// One problem with one field of a draft.
public struct TicketDraftError: Error, Hashable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String
    public var kind: TicketTransitionError.Kind

    public init(_ error: TicketTransitionError) {
        kind = error.kind
        message = error.message
        switch error.kind {
        case .fieldTooLong(let field, _), .tooManyItems(let field, _), .missingField(let field),
             .invalidField(let field, _):
            self.field = field
        case .invalidSatisfaction:
            field = "satisfaction"
        case .invalidTransition, .alreadyClosed, .escalationLevelOutOfOrder, .escalationAlreadyRecorded,
             .followUpPending, .actorNotAllowed:
            field = ""
        }
    }

    public var description: String { field.isEmpty ? message : "\(field): \(message)" }
}
