import Foundation
import TSAModel
import TSASystem

/// An RFC 5322 message for a sendmail-compatible program.
public struct MailMessage: Sendable, Equatable {
  public var from: String
  public var to: [String]
  public var subject: String
  public var body: String
  public var date: Instant
  public var messageID: String

  public init(
    from: String, to: [String], subject: String, body: String, date: Instant, messageID: String
  ) {
    self.from = from
    self.to = to
    self.subject = subject
    self.body = body
    self.date = date
    self.messageID = messageID
  }

  /// The message with CRLF line ends: Date, Message-ID, an RFC 2047 subject when it is not
  /// ASCII, UTF-8 plain text, and `Auto-Submitted: auto-generated` so that no one auto-replies.
  public var text: String {
    let headers = [
      "From: \(from)", "To: \(to.joined(separator: ", "))",
      "Subject: \(MailMessage.encodedHeader(subject))",
      "Date: \(MailMessage.rfc5322Date(date))", "Message-ID: <\(messageID)>", "MIME-Version: 1.0",
      "Content-Type: text/plain; charset=utf-8", "Content-Transfer-Encoding: 8bit",
      "Auto-Submitted: auto-generated", "X-Mailer: tsa-report",
    ]
    let lines = body.split(separator: "\n", omittingEmptySubsequences: false).map {
      // A line of a single dot ends the message for some MTAs; SMTP needs it doubled anyway.
      $0 == "." ? ".." : String($0)
    }
    return headers.joined(separator: "\r\n") + "\r\n\r\n" + lines.joined(separator: "\r\n")
  }

  /// A Message-ID unique to this message and moment, without a random part (tests compare
  /// whole messages): `tsa-report.<UTC time to the microsecond>.<hash of the content>@<domain>`,
  /// the domain of the sender's address, else the host's name.
  public static func messageID(date: Instant, content: String, from: String, host: String)
    -> String
  {
    let afterAt = from.firstIndex(of: "@").map { from[from.index(after: $0)...] } ?? ""
    let address = afterAt.filter { $0.isLetter || $0.isNumber || $0 == "." || $0 == "-" }
    let domain = address.isEmpty ? host : address
    let day = LocalDate(daysSinceEpoch: date.seconds.floorDivided(by: 86_400))
    let second = date.seconds.floorModulo(86_400)
    let micros = date.microseconds.floorModulo(1_000_000)
    let time =
      day.iso.replacingOccurrences(of: "-", with: "") + "T" + twoDigits(second / 3600)
      + twoDigits(second / 60 % 60) + twoDigits(second % 60) + "."
      + String(micros + 1_000_000).dropFirst() + "Z"
    let hash = Fingerprint.sha256(Array(content.utf8)).prefix(16)
    return "tsa-report.\(time).\(hash)@\(domain)"
  }

  /// `Wed, 25 Nov 2026 16:20:00 +0000`
  static func rfc5322Date(_ instant: Instant) -> String {
    let days = instant.seconds.floorDivided(by: 86_400)
    let date = LocalDate(daysSinceEpoch: days)
    let second = instant.seconds.floorModulo(86_400)
    let weekdays = ["Thu", "Fri", "Sat", "Sun", "Mon", "Tue", "Wed"]
    let months = [
      "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ]
    return
      "\(weekdays[Int(days.floorModulo(7))]), \(twoDigits(Int64(date.day))) \(months[date.month - 1])"
      + " \(date.year) \(twoDigits(second / 3600)):\(twoDigits(second / 60 % 60)):\(twoDigits(second % 60))"
      + " +0000"
  }

  /// ASCII stays as it is; anything else becomes RFC 2047 encoded words of UTF-8 in base64,
  /// each at most 75 characters, never splitting a character.
  static func encodedHeader(_ text: String) -> String {
    guard !text.allSatisfy(\.isASCII) else { return text }
    var words: [String] = []
    var chunk: [UInt8] = []
    for character in text {
      let bytes = Array(String(character).utf8)
      if chunk.count + bytes.count > 45 {
        words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=")
        chunk = []
      }
      chunk += bytes
    }
    if !chunk.isEmpty { words.append("=?UTF-8?B?\(Data(chunk).base64EncodedString())?=") }
    return words.joined(separator: "\r\n ")
  }
}

/// Why a message could not be handed to the mail system.
/// The one check every mail address goes through, from a flag or the settings file alike: an
/// address goes into a header that `sendmail -t` reads recipients from, so a line break in it
/// would add a header of its own (`Bcc:`), and a comma a recipient.
public enum MailAddress {
  /// Why `address` cannot be used, or nil when it is one plain `local@domain`.
  public static func problem(_ address: String) -> String? {
    if address.unicodeScalars.contains(where: {
      $0.properties.isWhitespace || $0.value < 0x20 || $0.value == 0x7F
    }) {
      return "holds a line break, a control character or a space; give the address alone"
    }
    if let bad = address.first(where: { ",;<>()\"\\[]:".contains($0) }) {
      return "holds '\(bad)'; give one plain address (local@domain), each recipient on its own"
    }
    let parts = address.split(separator: "@", omittingEmptySubsequences: false)
    guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else {
      return "is not one address of the form local@domain"
    }
    return nil
  }
}

public struct MailError: Error, Equatable, Sendable, CustomStringConvertible {
  public var description: String
}

/// Hands messages to a sendmail-compatible program (`sendmail -i -t`: msmtp, Postfix and Exim
/// all provide one), which reads the recipients from the headers.
public struct Sendmail: Sendable {
  /// The program and any arguments of its own, e.g. `["/usr/bin/msmtp", "-C", "/etc/msmtprc"]`.
  public var command: [String]
  /// How long the program may take before it is killed and the send counts as failed.
  public var timeoutSeconds: Double

  public init(command: [String], timeoutSeconds: Double = 60) {
    self.command = command
    self.timeoutSeconds = timeoutSeconds
  }

  public func send(_ message: MailMessage) throws(MailError) {
    guard let program = command.first, FileManager.default.isExecutableFile(atPath: program) else {
      throw MailError(
        description: "the mail program \(command.first ?? "") does not exist or cannot run; install"
          + " one (msmtp, Postfix, Exim) or name it with --sendmail")
    }
    let result: ChildProcess.Result
    do {
      result = try ChildProcess.run(
        command + ["-i", "-t"], input: .bytes(Array(message.text.utf8)), timeout: timeoutSeconds)
    } catch {
      throw MailError(description: error.description)
    }
    let said = String(decoding: result.stderr, as: UTF8.self)
      .trimmingCharacters(in: .whitespacesAndNewlines)
    switch result.termination {
    case .exited(0):
      return
    case .timedOut:
      throw MailError(
        description: "\(program) did not finish within \(Int(timeoutSeconds)) s and was stopped;"
          + " the notice is sent again at the next run (check the mail system, or give more time"
          + " with --sendmail-timeout)")
    case .exited, .signalled:
      throw MailError(
        description: "\(program) refused the message (exit \(result.termination.status))"
          + (said.isEmpty ? "" : ": " + said))
    }
  }
}
