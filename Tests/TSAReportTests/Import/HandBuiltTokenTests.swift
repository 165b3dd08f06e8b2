import Foundation
import SwiftASN1
import Testing

@testable import TSAImport
@testable import TSAModel

/// Tokens built field by field with swift-asn1's DER serializer, for what `openssl ts` cannot
/// issue: the qualified-statement extension, a 200-bit serial, fractions of a second.
@Suite struct HandBuiltTokenTests {
  static let sha256: ASN1ObjectIdentifier = [2, 16, 840, 1, 101, 3, 4, 2, 1]

  func tstInfo(
    serial: [UInt8], qualified: Bool, brokenName: Bool = false, genTime: GeneralizedTime? = nil
  ) throws -> [UInt8] {
    var info = DER.Serializer()
    try info.appendConstructedNode(identifier: .sequence) { tst in
      try tst.serialize(1)
      try tst.serialize([0, 4, 0, 2023, 1, 1] as ASN1ObjectIdentifier)
      try tst.appendConstructedNode(identifier: .sequence) { imprint in
        try imprint.appendConstructedNode(identifier: .sequence) { try $0.serialize(Self.sha256) }
        try imprint.serialize(ASN1OctetString(contentBytes: ArraySlice(repeating: 0xAB, count: 32)))
      }
      try tst.serialize(ArraySlice(serial))
      try tst.serialize(
        try genTime
          ?? GeneralizedTime(
            year: 2026, month: 11, day: 25, hours: 14, minutes: 32, seconds: 18,
            fractionalSeconds: 0.125))
      if brokenName {
        // tsa [0] EXPLICIT GeneralName: a directory name whose attribute has a type but no value
        try tst.appendConstructedNode(
          identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
        ) { general in
          try general.appendConstructedNode(
            identifier: ASN1Identifier(tagWithNumber: 4, tagClass: .contextSpecific)
          ) { name in
            try name.appendConstructedNode(identifier: .sequence) { rdns in
              try rdns.appendConstructedNode(identifier: .set) { set in
                try set.appendConstructedNode(identifier: .sequence) {
                  try $0.serialize([2, 5, 4, 3] as ASN1ObjectIdentifier)
                }
              }
            }
          }
        }
      }
      if qualified {
        try tst.appendConstructedNode(
          identifier: ASN1Identifier(tagWithNumber: 1, tagClass: .contextSpecific)
        ) { list in
          try list.appendConstructedNode(identifier: .sequence) { ext in
            try ext.serialize([0, 4, 0, 19422, 1, 1] as ASN1ObjectIdentifier)
            try ext.serialize(ASN1OctetString(contentBytes: [0x05, 0x00]))
          }
        }
      }
    }
    return info.serializedBytes
  }

  /// A bare TimeStampToken (CMS SignedData, version 3, no certificates) around a TSTInfo.
  func token(_ tstInfo: [UInt8]) throws -> [UInt8] {
    var token = DER.Serializer()
    try token.appendConstructedNode(identifier: .sequence) { contentInfo in
      try contentInfo.serialize([1, 2, 840, 113_549, 1, 7, 2] as ASN1ObjectIdentifier)
      try contentInfo.appendConstructedNode(
        identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
      ) { wrapper in
        try wrapper.appendConstructedNode(identifier: .sequence) { signed in
          try signed.serialize(3)
          try signed.appendConstructedNode(identifier: .set) {
            try $0.appendConstructedNode(identifier: .sequence) { try $0.serialize(Self.sha256) }
          }
          try signed.appendConstructedNode(identifier: .sequence) { encapsulated in
            try encapsulated.serialize(
              [1, 2, 840, 113_549, 1, 9, 16, 1, 4] as ASN1ObjectIdentifier)
            try encapsulated.appendConstructedNode(
              identifier: ASN1Identifier(tagWithNumber: 0, tagClass: .contextSpecific)
            ) {
              try $0.serialize(ASN1OctetString(contentBytes: ArraySlice(tstInfo)))
            }
          }
          try signed.appendConstructedNode(identifier: .set) { infos in
            try infos.appendConstructedNode(identifier: .sequence) { signer in
              try signer.serialize(1)
              try signer.appendConstructedNode(identifier: .sequence) { sid in
                try sid.appendConstructedNode(identifier: .sequence) { _ in }
                try sid.serialize(42)
              }
              try signer.appendConstructedNode(identifier: .sequence) {
                try $0.serialize(Self.sha256)
              }
              try signer.serialize(ASN1OctetString(contentBytes: [1, 2, 3]))
            }
          }
        }
      }
    }
    return token.serializedBytes
  }

  @Test func aQualifiedTokenWithA200BitSerialAndFractions() throws {
    let serial: [UInt8] = [0x7F] + Array(repeating: 0xEE, count: 24)  // 200 bits
    let reply = try TokenReader.read(try token(try tstInfo(serial: serial, qualified: true)))
    let facts = try #require(reply.token)
    #expect(reply.isStamp)
    #expect(facts.serial == "7f" + String(repeating: "ee", count: 24))
    #expect(facts.qualified)
    #expect(facts.policy == "0.4.0.2023.1.1")
    #expect(facts.genTimeText == "2026-11-25T14:32:18.125Z")
    #expect(facts.genTime.microseconds % 1_000_000 == 125_000)
    #expect(facts.tsaIdentity.hasPrefix("signer:"))
  }

  @Test func withoutTheExtensionItIsNotQualified() throws {
    let facts = try #require(
      try TokenReader.read(try token(try tstInfo(serial: [0x01], qualified: false))).token)
    #expect(!facts.qualified)
    #expect(facts.serial == "1")
  }

  /// Found by `make fuzz`: a name attribute without a value once crashed the reader.
  @Test func aTSANameAttributeWithoutAValueIsAnErrorNotACrash() throws {
    #expect(throws: TokenError.self) {
      try TokenReader.read(
        try token(try tstInfo(serial: [0x01], qualified: false, brokenName: true)))
    }
  }

  @Test func aTokenCutShortIsAnErrorNotACrash() throws {
    let whole = try token(try tstInfo(serial: [0x01], qualified: true))
    for length in stride(from: 0, to: whole.count, by: 7) {
      #expect(throws: TokenError.self) { try TokenReader.read(Array(whole.prefix(length))) }
    }
  }

  /// Flipped bytes in a real token: each result is a stamp with its facts, a reply that is no
  /// stamp, or a refusal with a reason, and the flips reach each of them.
  @Test func everyByteFlippedInARealTokenIsReadOrRefusedWithoutACrash() throws {
    let real = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: repositoryFile("Tests/Fixtures/tokens/resp2.tsr"))))
    let original = try #require(try TokenReader.read(real).token)
    var random = SeededRandom(seed: 7)
    var outcomes: [String: Int] = [:]
    for _ in 0..<(FuzzTests.rounds / 2) {
      var bytes = real
      for _ in 0..<Int.random(in: 1...4, using: &random) {
        bytes[Int.random(in: 0..<bytes.count, using: &random)] = UInt8.random(
          in: 0...255, using: &random)
      }
      do {
        let reply = try TokenReader.read(bytes)
        if let token = reply.token, reply.isStamp {
          #expect(!token.serial.isEmpty && !token.tsaIdentity.isEmpty)
          outcomes[token.serial == original.serial ? "stamp" : "stamp, other serial", default: 0] +=
            1
        } else {
          outcomes["no stamp", default: 0] += 1
        }
      } catch {
        #expect(!error.description.isEmpty)
        outcomes["refused", default: 0] += 1
      }
    }
    #expect(outcomes.values.reduce(0, +) == FuzzTests.rounds / 2)
    for kind in ["stamp", "refused"] {
      #expect(outcomes[kind, default: 0] > 0, "no flip ended as '\(kind)': \(outcomes)")
    }
  }

  /// A genTime in the last instant of October in Prague, with more digits than microseconds
  /// hold, stays in October: cut, never rounded up into November.
  @Test func theLastInstantOfAMonthStaysInIt() throws {
    let text = Array("20261031225959.9999999Z".utf8)
    let time = try GeneralizedTime(derEncoded: [0x18, UInt8(text.count)] + text)
    let facts = try #require(
      try TokenReader.read(try token(try tstInfo(serial: [0x01], qualified: true, genTime: time)))
        .token)
    #expect(facts.genTime.microseconds % 1_000_000 == 999_999)
    #expect(prague.localDate(of: facts.genTime) == LocalDate(iso: "2026-10-31"))
    #expect(facts.genTimeText == "2026-10-31T22:59:59.9999999Z")
  }
}
