import Foundation
import TSAModel

/// A message due for one contract.
struct AlertNotice: Sendable, Equatable {
  enum Kind: Sendable, Equatable { case changed, resolved, reminder }
  var alert: ContractAlert
  var previous: AlertLevel
  var kind: Kind
  /// When the contract entered its level (kept across reminders).
  var since: Instant
}

/// Cron mode: notify when a contract's level changes (OK → WARNING →
/// CRITICAL, and back to OK as "resolved"), or when a non-OK level is older than `remindAfter`
/// since the last notice. A contract first seen OK is recorded silently.
enum AlertSchedule {
  static func notices(
    _ alerts: [ContractAlert], states: [String: AlertState], now: Instant, remindAfterSeconds: Int64
  ) -> [AlertNotice] {
    alerts.compactMap { alert in
      guard let state = states[alert.contractCode] else {
        return alert.level == .ok
          ? nil : AlertNotice(alert: alert, previous: .ok, kind: .changed, since: now)
      }
      if alert.level != state.level {
        return AlertNotice(
          alert: alert, previous: state.level, kind: alert.level == .ok ? .resolved : .changed,
          since: now)
      }
      if alert.level != .ok && now.seconds - state.lastSent.seconds >= remindAfterSeconds {
        return AlertNotice(alert: alert, previous: state.level, kind: .reminder, since: state.since)
      }
      return nil
    }
  }
}
