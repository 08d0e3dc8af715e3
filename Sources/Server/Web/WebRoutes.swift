import Foundation
import Hummingbird
import HTTPTypes
import Logging

/// The browser map at `/`: static files from memory, revalidated by ETag,
/// under a content security policy that lets the page talk to this server
/// only (and to the configured tile server, if any).
enum WebRoutes {
    struct PageConfig: Encodable {
        var tile_url: String?
        var tile_attribution: String?
    }

    static func register(on router: Router<APIContext>, settings: WebSettings, logger: Logger) {
        guard let folder = WebAssets.locate(override: settings.root) else {
            logger.warning("the browser map's files were not found; / answers 404 (pass --web-root FOLDER)")
            router.get("/") { _, _ -> Response in
                throw APIProblem.notFound("the browser map's files are not installed next to this binary; start with --web-root FOLDER")
            }
            return
        }
        let assets: WebAssets
        do { assets = try WebAssets(folder: folder) } catch {
            logger.warning("the browser map's files could not be read: \(error)")
            return
        }
        let policy = contentSecurityPolicy(tileURL: settings.tileURL)
        for (path, asset) in assets.byPath {
            router.get(RouterPath(path)) { request, _ -> Response in
                serve(asset, request: request, policy: policy)
            }
        }
        let config = PageConfig(tile_url: settings.tileURL, tile_attribution: settings.tileAttribution)
        router.get("/config.json") { _, _ -> Response in
            var response = try jsonResponse(config)
            response.headers[.cacheControl] = "no-cache"
            return response
        }
    }

    private static func serve(_ asset: WebAssets.Asset, request: Request, policy: String) -> Response {
        var headers: HTTPFields = [
            .eTag: asset.etag, .cacheControl: "no-cache", .contentSecurityPolicy: policy,
            HTTPField.Name("X-Content-Type-Options")!: "nosniff", HTTPField.Name("Referrer-Policy")!: "no-referrer",
        ]
        if request.headers[.ifNoneMatch] == asset.etag {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentType] = asset.contentType
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: asset.bytes))
    }

    /// Same origin only; images also from `blob:` (the heat layer is fetched
    /// with the key, then shown) and from the tile server's origin.
    static func contentSecurityPolicy(tileURL: String?) -> String {
        var images = "'self' blob: data:"
        if let tileURL, let url = URL(string: tileURL.replacingOccurrences(of: "{", with: "").replacingOccurrences(of: "}", with: "")),
           let scheme = url.scheme, let host = url.host {
            images += " \(scheme)://\(host)\(url.port.map { ":\($0)" } ?? "")"
        }
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src \(images); connect-src 'self'; "
            + "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
    }
}

/// Where the page's files are and which map tiles it may draw under the vectors.
public struct WebSettings: Sendable {
    /// A folder holding `index.html`; nil: the copy installed beside the binary.
    public var root: String?
    /// `https://tiles.example.org/{z}/{x}/{y}.png`; nil: vectors only, no request leaves the server.
    public var tileURL: String?
    public var tileAttribution: String?

    public init(root: String? = nil, tileURL: String? = nil, tileAttribution: String? = nil) {
        self.root = root
        self.tileURL = tileURL
        self.tileAttribution = tileAttribution
    }
}
