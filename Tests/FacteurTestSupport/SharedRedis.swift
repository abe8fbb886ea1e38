import FacteurRedis
import Foundation

/// The shared server the test script may provide, as `redis://[[user]:password@]host[:port][/db]`
/// in `FACTEUR_TEST_REDIS_URL`; tests that need no private server use it when it is set.
public enum SharedRedis {
    public static let configuration: RedisConfiguration? = {
        guard let text = ProcessInfo.processInfo.environment["FACTEUR_TEST_REDIS_URL"],
              let components = URLComponents(string: text),
              components.scheme == "redis",
              let host = components.host
        else {
            return nil
        }
        let database = Int(components.path.dropFirst()) ?? 0
        return RedisConfiguration(
            host: host.trimmingCharacters(in: CharacterSet(charactersIn: "[]")),
            port: components.port ?? 6379,
            username: components.user.flatMap { $0.isEmpty ? nil : $0 },
            password: components.password,
            database: database
        )
    }()
}
