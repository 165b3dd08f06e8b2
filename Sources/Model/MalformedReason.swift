/// Why a line could not be read.
public enum MalformedReason: Error, Equatable, Sendable, CustomStringConvertible {
  case invalidUTF8
  case controlCharacters
  case overlong(limit: Int)
  case badField(String)
  case badTime
  case badRequest
  case emptyLine
  case badJSON
  /// A JSON string holds `\u0000`.
  case nulInValue
  case badCSV
  case missingField(String)
  case badValue(field: String, value: String)
  case notAToken(String)
  /// The client address field holds something other than one address.
  case notOneAddress(String)
  /// Not an HAProxy HTTP log line: what is missing.
  case haproxy(String)

  public var description: String {
    switch self {
    case .invalidUTF8: "invalid UTF-8"
    case .controlCharacters: "control characters (a NUL byte?) in the line"
    case .overlong(let limit): "line longer than \(limit) bytes"
    case .badField(let what): "not a combined log line: \(what)"
    case .badTime: "unreadable time (expected [25/Nov/2026:14:35:50 +0100])"
    case .badRequest: "unreadable request line in a successful response"
    case .emptyLine: "empty line"
    case .badJSON: "not a JSON object on one line"
    case .nulInValue: "a value holds \\u0000 (NUL), which no name, id or time may hold"
    case .badCSV: "a quoted field is not closed on its line"
    case .missingField(let name): "no \(name)"
    case .badValue(let field, let value): "unreadable \(field) '\(value.prefix(60))'"
    case .notAToken(let why): "not a time-stamp reply or token: \(why)"
    case .haproxy(let what): "not an HAProxy HTTP log line: \(what)"
    case .notOneAddress(let text):
      "the client address field holds '\(text.prefix(60))', not one address (a proxy writing"
        + " X-Forwarded-For there? import with --client-ip-from x-forwarded-for)"
    }
  }
}

extension MalformedReason {
  /// Why, in `language`. What a parser names missing (`no client address`) is said from a list
  /// of its phrases; a token's own error (from the DER reader) stays as it was written.
  public func description(in language: Language) -> String {
    guard language == .cs else { return description }
    switch self {
    case .invalidUTF8: return "neplatné UTF-8"
    case .controlCharacters: return "řídicí znaky v řádku (bajt NUL?)"
    case .overlong(let limit):
      return "řádek delší než \(PlainCount.number(Int64(limit), .cs)) bajtů"
    case .badField(let what): return "není řádek combined logu — \(Self.czech(what))"
    case .badTime: return "nečitelný čas (čekáno [25/Nov/2026:14:35:50 +0100])"
    case .badRequest: return "nečitelný požadavek v úspěšné odpovědi"
    case .emptyLine: return "prázdný řádek"
    case .badJSON: return "není objekt JSON na jednom řádku"
    case .nulInValue:
      return "hodnota obsahuje \\u0000 (NUL), který žádné jméno, id ani čas mít nesmí"
    case .badCSV: return "pole v uvozovkách není na svém řádku uzavřeno"
    case .missingField(let name): return "chybí \(Self.czech(name))"
    case .badValue(let field, let value): return "nečitelné \(field) '\(value.prefix(60))'"
    case .notAToken(let why): return "není odpověď časového razítka ani token — \(Self.czech(why))"
    case .haproxy(let what): return "není řádek HTTP logu HAProxy — \(Self.czech(what))"
    case .notOneAddress(let text):
      return
        "pole adresy klienta obsahuje '\(text.prefix(60))', ne jednu adresu (zapisuje tam proxy"
        + " X-Forwarded-For? importujte s --client-ip-from x-forwarded-for)"
    }
  }

  /// The parsers' phrases in Czech; any other stays as written.
  private static func czech(_ phrase: String) -> String {
    let phrases: [String: String] = [
      "no client address": "chybí adresa klienta",
      "no ident field": "chybí pole ident",
      "no [time]": "chybí [čas]",
      "no quoted request": "chybí požadavek v uvozovkách",
      "no HTTP status": "chybí stav HTTP",
      "no body size": "chybí velikost těla",
      "unexpected text after the body size": "za velikostí těla je nečekaný text",
      "no client address and port": "chybí adresa a port klienta",
      "no [accept date] like [26/Nov/2026:13:40:00.123]":
        "chybí [accept date] jako [26/Nov/2026:13:40:00.123]",
      "no frontend and backend/server": "chybí frontend a backend/server",
      "no byte count": "chybí počet bajtů",
      "time": "čas",
      "user": "uživatel",
      "time and user columns in the header": "sloupce time a user v záhlaví",
      "larger than 1 MiB": "větší než 1 MiB",
    ]
    return phrases[phrase] ?? phrase
  }
}
