import FacteurContracts
import FacteurCore
import FacteurProtobuf
import Foundation

extension CommandInvocation {
    /// Reduces a decoded `facteur.v1.CommandEvent` to what the pipeline needs.
    /// - Parameter fallbackTraceID: the trace the request arrived in, used when the event
    ///   carries none, so the Workflow and the request share one trace.
    init(event: CommandEvent, receivedAt: Date, fallbackTraceID: String?) {
        let timestamp = ProtobufTimestamp(rfc3339: event.timestamp).map {
            Date(timeIntervalSince1970: TimeInterval($0.seconds) + TimeInterval($0.nanos) / 1e9)
        }
        self.init(
            command: event.command,
            options: event.options,
            userID: event.userID,
            roles: event.roles,
            interactionID: event.interactionID,
            correlationID: event.correlationID,
            traceID: event.traceID.isEmpty ? fallbackTraceID : event.traceID,
            timestamp: timestamp,
            receivedAt: receivedAt,
            applicationID: event.applicationID,
            token: event.token,
            channelID: event.channelID
        )
    }
}
