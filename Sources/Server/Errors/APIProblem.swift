import Contract
import Foundation
import Hummingbird
import Store

/// An RFC 9457 problem: every error the API returns, as
/// `application/problem+json`, with a field list for invalid input.
public struct APIProblem: Error, Sendable {
    public var status: HTTPResponse.Status
    /// A short slug; the `type` member is `/problems/<slug>`.
    public var kind: String
    public var title: String
    public var detail: String?
    public var errors: [FieldError]
    /// A refused lifecycle step: the steps that may come next instead.
    public var allowedNext: [String]?
    /// A team already on another open call: that call.
    public var callID: String?

    public init(_ status: HTTPResponse.Status, kind: String, title: String, detail: String? = nil, errors: [FieldError] = []) {
        self.status = status
        self.kind = kind
        self.title = title
        self.detail = detail
        self.errors = errors
    }

    static func invalid(_ errors: [FieldError]) -> APIProblem {
        APIProblem(.unprocessableContent, kind: "invalid-input", title: "The request has invalid fields",
                   detail: errors.map { "\($0.field): \($0.message)" }.joined(separator: "; "), errors: errors)
    }

    static func malformed(_ detail: String) -> APIProblem {
        APIProblem(.badRequest, kind: "malformed-request", title: "The request body is not valid JSON", detail: detail)
    }

    static func notFound(_ what: String) -> APIProblem {
        APIProblem(.notFound, kind: "not-found", title: "No such resource", detail: what)
    }

    static func conflict(_ detail: String) -> APIProblem {
        APIProblem(.conflict, kind: "conflict", title: "This conflicts with what is stored", detail: detail)
    }

    static let unauthorized = APIProblem(
        .unauthorized, kind: "unauthorized", title: "A valid API key is required",
        detail: "send `Authorization: Bearer <key>`; create keys with `crisismap keys create`")

    static func forbidden(_ detail: String) -> APIProblem {
        APIProblem(.forbidden, kind: "forbidden", title: "This key's role may not do this", detail: detail)
    }

    static let tooLarge = APIProblem(
        .contentTooLarge, kind: "body-too-large", title: "The request body is too large",
        detail: "request bodies are limited to \(APIContext.bodyLimit) bytes")

    /// The database is unreachable: the same request may succeed shortly.
    static let storeUnavailable = APIProblem(
        .serviceUnavailable, kind: "store-unavailable", title: "The database is unavailable",
        detail: "crisismap cannot reach its database right now; retry in a few seconds")

    /// A limit on concurrent work was reached: the same request may succeed shortly.
    static func tooManyRequests(_ detail: String) -> APIProblem {
        APIProblem(.tooManyRequests, kind: "too-many-requests", title: "Too many requests of this kind are open", detail: detail)
    }

    /// The audit trail cannot take another entry, so a read of a person's
    /// call is refused rather than served unaudited.
    static let auditBacklog = APIProblem(
        .serviceUnavailable, kind: "audit-backlog", title: "The audit trail is behind",
        detail: "this request must be audited and the audit queue is full; retry in a few seconds")

    static let internalError = APIProblem(
        .internalServerError, kind: "internal-error", title: "The server failed to answer",
        detail: "the failure was logged on the server")

    /// The outcome word written to the audit trail.
    var outcome: String {
        switch status.code {
        case 401: "unauthorized"
        case 403: "forbidden"
        case 404: "not_found"
        case 409: "conflict"
        case 429: "limited"
        case 503: "unavailable"
        case 400, 413, 422: "invalid"
        default: "error"
        }
    }

    private struct Body: Encodable {
        var type: String
        var title: String
        var status: Int
        var detail: String?
        var errors: [FieldError]?
        var allowed_next: [String]?
        var call_id: String?
    }

    func response() -> Response {
        let body = Body(type: "/problems/\(kind)", title: title, status: Int(status.code), detail: detail,
                        errors: errors.isEmpty ? nil : errors, allowed_next: allowedNext, call_id: callID)
        var headers: HTTPFields = [.contentType: "application/problem+json"]
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"crisismap\"" }
        if status == .serviceUnavailable || status == .tooManyRequests { headers[.retryAfter] = "2" }
        let data = (try? JSONEncoder.api.encode(body)) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

extension APIProblem {
    /// Any error as a problem: ours as they are, the framework's by status,
    /// anything else as a 500 that reveals nothing of the server's insides.
    static func from(_ error: any Error) -> APIProblem {
        switch error {
        case let problem as APIProblem:
            return problem
        case let invalid as FieldErrors:
            return .invalid(invalid.errors)
        case let refusal as LifecycleRefusal:
            return .refused(refusal)
        case StoreError.unavailable:
            return .storeUnavailable
        case let error as any HTTPResponseError:
            switch error.status {
            case .contentTooLarge: return .tooLarge
            case .notFound: return APIProblem(.notFound, kind: "not-found", title: "No such endpoint")
            case .methodNotAllowed: return APIProblem(.methodNotAllowed, kind: "method-not-allowed", title: "Method not allowed here")
            default: return APIProblem(error.status, kind: "http-\(error.status.code)", title: error.status.reasonPhrase)
            }
        default:
            return .internalError
        }
    }
}

extension JSONEncoder {
    /// Sorted keys and plain slashes: stable answers that diff well.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }
}
