import SwiftASN1
import TSAModel
import TSASystem

/// Why a DER file is not a time-stamp reply.
struct TokenError: Error, Equatable, Sendable, CustomStringConvertible {
  var description: String
}

/// Reads `.tsr` (TimeStampResp, RFC 3161 §2.4.2) and `.tst` (TimeStampToken: CMS SignedData
/// wrapping a TSTInfo) files by walking the DER with swift-asn1. swift-certificates' CMS parser
/// is not used: it rejects real tokens (SignedData version 3, unsorted certificate sets).
enum TokenReader {
  static let signedData: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 7, 2]
  static let tstInfo: ASN1ObjectIdentifier = [1, 2, 840, 113_549, 1, 9, 16, 1, 4]
  static let qualifiedStatement: ASN1ObjectIdentifier = [0, 4, 0, 19422, 1, 1]
  static let subjectKeyIdentifier: ASN1ObjectIdentifier = [2, 5, 29, 14]

  /// Parses a reply or a bare token, whichever the bytes are.
  static func read(_ bytes: [UInt8]) throws(TokenError) -> TimeStampReply {
    do {
      let root = try BER.parse(bytes)
      let children = try root.children()
      // A TimeStampResp starts with PKIStatusInfo (a SEQUENCE); a token with an OID.
      if children.first?.identifier == .objectIdentifier {
        return TimeStampReply(status: 0, failInfo: nil, statusText: nil, token: try token(root))
      }
      guard let statusInfo = children.first else { throw TokenError(description: "empty reply") }
      let info = try statusInfo.children()
      guard let statusNode = info.first else { throw TokenError(description: "no PKIStatus") }
      let status = try Int(derEncoded: statusNode)
      var reply = TimeStampReply(status: status, failInfo: nil, statusText: nil, token: nil)
      for node in info.dropFirst() {
        if node.identifier == .sequence {
          reply.statusText = try node.children().compactMap { try? $0.text() }.joined(
            separator: " ")
        } else if node.identifier == .bitString {
          reply.failInfo = failureBits(try ASN1BitString(derEncoded: node).bytes)
        }
      }
      if children.count > 1 { reply.token = try token(children[1]) }
      return reply
    } catch let error as TokenError {
      throw error
    } catch {
      throw TokenError(description: explanation(of: error, in: bytes))
    }
  }

  /// What was wrong with bytes the DER reader refused, in words (its own error names the
  /// library's source file and line).
  static func explanation(of error: Error, in bytes: [UInt8]) -> String {
    let size = "the file has \(bytes.count) bytes"
    guard bytes.count >= 2, bytes[0] == 0x30 else {
      return bytes.isEmpty
        ? "the file is empty"
        : "not DER data: a reply or token starts with a SEQUENCE (byte 30), this one with"
          + " \(String(format: "%02x", bytes[0])) (\(size))"
    }
    // The outer length: short form, or 0x8N followed by N bytes of length.
    var claimed: Int? = Int(bytes[1])
    if bytes[1] & 0x80 != 0 {
      // At most 7 length bytes (up to 2⁵⁶, far beyond any file): 8 could overflow an Int and
      // trap, and a 10-byte file must get its sentence, not a signal.
      let count = Int(bytes[1] & 0x7F)
      claimed =
        count == 0 || count > 7 || bytes.count < 2 + count
        ? nil : bytes[2..<2 + count].reduce(0) { $0 << 8 | Int($1) } + 2 + count
    } else {
      claimed = Int(bytes[1]) + 2
    }
    if let claimed, claimed != bytes.count {
      return "the reply's length field claims \(byteCount(claimed)); \(size)"
        + (claimed > bytes.count ? " (cut short?)" : " (something follows it)")
    }
    guard let asn1 = error as? ASN1Error else { return "not a time-stamp reply or token (\(size))" }
    switch asn1.code {
    case .truncatedASN1Field: return "a field inside is cut short (\(size))"
    case .unexpectedFieldType:
      return "a field inside is not of the type RFC 3161 puts there (\(size))"
    case .unsupportedFieldLength: return "a length field inside is larger than any file (\(size))"
    default: return "the DER data inside is not well formed (\(size))"
    }
  }

  /// `1 552 bytes`, `3 MB`, `2 GB`.
  private static func byteCount(_ n: Int) -> String {
    if n >= 1 << 30 { return "\(n >> 30) GB" }
    if n >= 1 << 20 { return "\(n >> 20) MB" }
    return PlainCount.bytes(n)
  }

  // MARK: - The token

  private static func token(_ contentInfo: ASN1Node) throws -> TokenFacts {
    let parts = try contentInfo.children()
    guard parts.count == 2, try ASN1ObjectIdentifier(derEncoded: parts[0]) == signedData else {
      throw TokenError(description: "the token is not CMS SignedData")
    }
    // content [0] EXPLICIT SignedData
    guard let signed = try parts[1].children().first else {
      throw TokenError(description: "empty SignedData")
    }
    let fields = try signed.children()
    guard fields.count >= 4 else { throw TokenError(description: "SignedData is incomplete") }
    let encapsulated = try fields[2].children()
    guard encapsulated.count == 2, try ASN1ObjectIdentifier(derEncoded: encapsulated[0]) == tstInfo,
      let octets = try encapsulated[1].children().first
    else { throw TokenError(description: "the token holds no TSTInfo") }
    let content = try ASN1OctetString(derEncoded: octets).bytes
    var facts = try tstInfoFacts(try BER.parse(content))
    facts.contentSHA256 = Fingerprint.sha256(Array(content))

    // certificates [0] IMPLICIT, crls [1] IMPLICIT, then signerInfos SET
    let certificates = fields.dropFirst(3).first {
      $0.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
    }
    guard let signerInfos = fields.last, signerInfos.identifier == .set,
      let signer = try signerInfos.children().first, try signer.children().count >= 2
    else { throw TokenError(description: "the token has no signer") }
    let signerID = try signer.children()[1]
    facts.tsaIdentity = "signer:" + Fingerprint.sha256(Array(signerID.encodedBytes))
    facts.legacyIdentity = facts.tsaIdentity
    if let certificates,
      let certificate = try certificates.children().first(where: { try isIssued(to: signerID, $0) })
    {
      facts.legacyIdentity = "cert-sha256:" + Fingerprint.sha256(Array(certificate.encodedBytes))
    }
    return facts
  }

  /// True when `certificate` is the one `signerID` names: by issuer and serial number, or by
  /// subject key identifier ([0]).
  private static func isIssued(to signerID: ASN1Node, _ certificate: ASN1Node) throws -> Bool {
    guard let tbs = try certificate.children().first else { return false }
    var fields = try tbs.children()
    if fields.first?.identifier == ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific) {
      fields.removeFirst()  // version
    }
    guard fields.count >= 6 else { return false }
    if signerID.identifier == .sequence {
      let id = try signerID.children()
      return id.count == 2 && id[0].encodedBytes == fields[2].encodedBytes
        && id[1].encodedBytes == fields[0].encodedBytes
    }
    guard case .primitive(let keyID) = signerID.content,
      let extensions = try fields.first(where: {
        $0.identifier == ASN1Identifier(tagWithNumber: 3, tagClass: .contextSpecific)
      })?.children().first
    else { return false }
    for item in try extensions.children() {
      let parts = try item.children()
      if let first = parts.first, let oid = try? ASN1ObjectIdentifier(derEncoded: first),
        oid == subjectKeyIdentifier,
        let value = parts.last,
        let inner = try? BER.parse(try ASN1OctetString(derEncoded: value).bytes),
        case .primitive(let bytes) = inner.content
      {
        return bytes == keyID
      }
    }
    return false
  }

  // MARK: - TSTInfo

  private static func tstInfoFacts(_ node: ASN1Node) throws -> TokenFacts {
    let fields = try node.children()
    guard fields.count >= 5 else { throw TokenError(description: "TSTInfo is incomplete") }
    let policy = try ASN1ObjectIdentifier(derEncoded: fields[1])
    let imprint = try fields[2].children()
    guard imprint.count == 2, let algorithm = try imprint[0].children().first else {
      throw TokenError(description: "TSTInfo has no message imprint")
    }
    let serial = try ArraySlice<UInt8>(derEncoded: fields[3])
    let time = try GeneralizedTime(derEncoded: fields[4])
    var facts = TokenFacts(
      serial: hex(serial), genTime: instant(time), genTimeText: text(time),
      policy: policy.description,
      hashAlgorithm: hashName(try ASN1ObjectIdentifier(derEncoded: algorithm)),
      messageImprint: hex(try ASN1OctetString(derEncoded: imprint[1]).bytes, trimmed: false),
      nonce: nil, tsaName: nil, accuracy: nil, qualified: false, tsaIdentity: "",
      contentSHA256: "", legacyIdentity: "")
    for field in fields.dropFirst(5) {
      switch (field.identifier.tagClass, field.identifier.tagNumber, field.identifier) {
      case (_, _, .sequence): facts.accuracy = try accuracy(field)
      case (_, _, .integer): facts.nonce = hex(try ArraySlice<UInt8>(derEncoded: field))
      case (.contextSpecific, 0, _):
        facts.tsaName = try field.children().first.map(generalName)
      case (.contextSpecific, 1, _):
        facts.qualified = try field.children().contains { ext in
          guard let id = try ext.children().first else { return false }
          return try ASN1ObjectIdentifier(derEncoded: id) == qualifiedStatement
        }
      default: break  // ordering
      }
    }
    return facts
  }

  private static func accuracy(_ node: ASN1Node) throws -> String {
    var parts: [String] = []
    for field in try node.children() {
      guard case .primitive(let bytes) = field.content else { continue }
      // (a value of more than 7 bytes is no accuracy: it is shown as the largest, never wraps)
      let value = bytes.count > 7 ? Int.max : bytes.reduce(0) { $0 << 8 | Int($1) }
      switch (field.identifier.tagClass, field.identifier.tagNumber) {
      case (.universal, _): parts.append("\(value) s")
      case (_, 0): parts.append("\(value) ms")
      default: parts.append("\(value) µs")
      }
    }
    return parts.joined(separator: " ")
  }

  /// A GeneralName as text; a directory name as `C=CZ, O=…, CN=…`.
  private static func generalName(_ node: ASN1Node) throws -> String {
    guard node.identifier.tagNumber == 4, let name = try node.children().first else {
      return (try? node.text()) ?? hex(node.encodedBytes, trimmed: false)
    }
    return try name.children().flatMap { try $0.children() }.map { attribute in
      let pair = try attribute.children()
      guard pair.count == 2 else { throw TokenError(description: "a name attribute is not a pair") }
      let oid = try ASN1ObjectIdentifier(derEncoded: pair[0])
      return "\(attributeNames[oid.description] ?? oid.description)=\((try? pair[1].text()) ?? "?")"
    }.joined(separator: ", ")
  }

  static let attributeNames = [
    "2.5.4.3": "CN", "2.5.4.6": "C", "2.5.4.10": "O", "2.5.4.11": "OU", "2.5.4.7": "L",
    "2.5.4.8": "ST", "2.5.4.5": "serialNumber", "2.5.4.97": "organizationIdentifier",
  ]

  static func hashName(_ oid: ASN1ObjectIdentifier) -> String {
    switch oid.description {
    case "1.3.14.3.2.26": "sha1"
    case "2.16.840.1.101.3.4.2.1": "sha256"
    case "2.16.840.1.101.3.4.2.2": "sha384"
    case "2.16.840.1.101.3.4.2.3": "sha512"
    case "2.16.840.1.101.3.4.2.4": "sha224"
    case "2.16.840.1.101.3.4.2.8": "sha3-256"
    case "2.16.840.1.101.3.4.2.9": "sha3-384"
    case "2.16.840.1.101.3.4.2.10": "sha3-512"
    default: oid.description
    }
  }

  /// PKIFailureInfo: bit 0 is the most significant bit of the first byte.
  static func failureBits(_ bytes: ArraySlice<UInt8>) -> Int {
    var bits = 0
    for (index, byte) in bytes.enumerated() where index < 4 {
      for bit in 0..<8 where byte & (0x80 >> bit) != 0 { bits |= 1 << (index * 8 + bit) }
    }
    return bits
  }

  static func hex(_ bytes: ArraySlice<UInt8>, trimmed: Bool = true) -> String {
    let digits = bytes.map {
      String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16)
    }.joined()
    return trimmed ? canonicalHex(digits) ?? "0" : digits
  }

  private static func instant(_ time: GeneralizedTime) -> Instant {
    let date = LocalDate(year: time.year, month: time.month, day: time.day)!
    let seconds =
      date.daysSinceEpoch * 86_400 + Int64(time.hours * 3600 + time.minutes * 60 + time.seconds)
    // The fraction's digits, cut after the sixth: never rounded up into the next second (the
    // last instant of a month stays in it), the same as every other input truncates.
    var micros: Int64 = 0
    var scale: Int64 = 100_000
    for digit in time.rawFractionalSeconds.prefix(6) where (0x30...0x39).contains(digit) {
      micros += Int64(digit - 0x30) * scale
      scale /= 10
    }
    return Instant(microseconds: seconds * 1_000_000 + micros)
  }

  private static func text(_ time: GeneralizedTime) -> String {
    let date = LocalDate(year: time.year, month: time.month, day: time.day)!
    let fraction =
      time.rawFractionalSeconds.isEmpty
      ? "" : "." + String(decoding: time.rawFractionalSeconds, as: UTF8.self)
    return
      "\(date.iso)T\(twoDigits(Int64(time.hours))):\(twoDigits(Int64(time.minutes))):\(twoDigits(Int64(time.seconds)))\(fraction)Z"
  }
}

extension ASN1Node {
  /// The child nodes of a constructed node; an error for a primitive one.
  func children() throws -> [ASN1Node] {
    guard case .constructed(let nodes) = content else {
      throw TokenError(description: "expected a constructed DER value")
    }
    return Array(nodes)
  }

  /// The text of a string node (UTF8String, PrintableString, IA5String, …).
  func text() throws -> String {
    guard case .primitive(let bytes) = content else {
      throw TokenError(description: "expected a string")
    }
    return String(decoding: bytes, as: UTF8.self)
  }
}
