import Testing
@testable import FacteurHTTP

@Suite("Router")
struct RouterTests {
    private func makeRouter() -> Router {
        var router = Router()
        router.get("/healthz") { _ in .json(bytes: Array(#"{"status":"ok"}"#.utf8)) }
        router.post("/events") { _ in HTTPResponse(status: .accepted) }
        router.addImmediate(.get, "/live") { _ in HTTPResponse(status: .noContent) }
        return router
    }

    @Test("A registered method and path reach their handler")
    func routesToHandler() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: .get, path: "/healthz"))
        #expect(response.status == .ok)
        #expect(response.headers["content-type"] == "application/json")
    }

    @Test("An unknown path is 404 with the JSON error body")
    func unknownPath() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: .get, path: "/nope"))
        #expect(response.status == .notFound)
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"error":"not found","details":"no route for GET /nope"}"#)
    }

    @Test("A known path with another method is 405 naming the allowed ones")
    func wrongMethod() async {
        let router = makeRouter()
        let post = await router.respond(to: HTTPRequest(method: .post, path: "/healthz"))
        #expect(post.status == .methodNotAllowed)
        #expect(post.headers["Allow"] == "GET, HEAD")

        let get = await router.respond(to: HTTPRequest(method: .get, path: "/events"))
        #expect(get.headers["allow"] == "POST")
    }

    @Test("An immediate route answers through the same table")
    func immediateRoute() async {
        let router = makeRouter()
        #expect(await router.respond(to: HTTPRequest(method: .get, path: "/live")).status == .noContent)
        #expect(await router.respond(to: HTTPRequest(method: .post, path: "/live")).status == .methodNotAllowed)
    }

    @Test("HEAD falls back to the GET handler")
    func headFallsBackToGet() async {
        let response = await makeRouter().respond(to: HTTPRequest(method: .head, path: "/healthz"))
        #expect(response.status == .ok)
    }
}
