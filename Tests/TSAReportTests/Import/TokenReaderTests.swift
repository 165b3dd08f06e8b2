import Foundation
import Testing

@testable import TSAImport
@testable import TSAModel

/// Tokens from a real `openssl ts -reply` TSA (Tests/Fixtures/tokens); the expected values are
/// those `openssl ts -reply -text` printed for each (the .txt files beside them).
@Suite struct TokenReaderTests {
  func reply(_ name: String) throws -> TimeStampReply {
    let bytes = [UInt8](
      try Data(contentsOf: URL(fileURLWithPath: repositoryFile("Tests/Fixtures/tokens/\(name)"))))
    return try TokenReader.read(bytes)
  }

  @Test func aGrantedReplyWithItsCertificateChain() throws {
    let reply = try reply("resp1.tsr")
    #expect(reply.status == 0)
    #expect(reply.isStamp)
    let token = try #require(reply.token)
    #expect(token.serial == "2")
    #expect(token.policy == "1.2.3.4.1")
    #expect(token.hashAlgorithm == "sha256")
    #expect(
      token.messageImprint == "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03")
    #expect(token.genTimeText == "2026-11-25T14:32:18Z")
    #expect(
      token.genTime
        == Instant(
          seconds: LocalDate(iso: "2026-11-25")!.daysSinceEpoch * 86_400 + 14 * 3600 + 32 * 60 + 18)
    )
    #expect(token.accuracy == "1 s 500 ms 100 µs")
    #expect(token.nonce == "8536f1f382048909")
    #expect(token.tsaName == "C=CZ, O=Test TSA, CN=Test TSU 1")
    #expect(token.qualified == false)
    // sha256sum of `openssl x509 -in test-tsu-cert.pem -outform DER`: how releases before
    // schema version 3 named the signer, kept to recognise their tokens
    #expect(
      token.legacyIdentity
        == "cert-sha256:e8bca7651c3065d95e3c364766814ad93584cc1f18282e3879b42d96f8d8249d")
    #expect(token.tsaIdentity.hasPrefix("signer:"))
    // sha256sum of the TSTInfo: `openssl asn1parse -inform DER -in resp1.tsr -strparse 71
    // -noout -out tst.der`
    #expect(
      token.contentSHA256 == "92ca6a779c66f6f3c19657d958e90d99ffd65569a6c02d0c7b678cb1e9f27f92")
  }

  @Test func aTokenWithoutCertificatesIsKnownByItsSignerID() throws {
    let token = try #require(try reply("resp2.tsr").token)
    #expect(token.serial == "3")
    #expect(token.hashAlgorithm == "sha512")
    #expect(token.policy == "1.2.3.4.5.6")
    #expect(token.messageImprint.hasPrefix("a7f76f090fcd3a89"))
    #expect(token.messageImprint.count == 128)
    #expect(token.tsaIdentity.hasPrefix("signer:"))
  }

  @Test func aBareTokenIsReadAsGranted() throws {
    let reply = try reply("token2.tst")
    #expect(reply.isStamp)
    #expect(reply.token?.serial == "4")
    #expect(reply.token?.nonce == "ff2b2a58435ebe54")
    #expect(reply.token?.tsaIdentity == (try self.reply("resp2.tsr").token?.tsaIdentity))
  }

  @Test(arguments: [
    ("resp_badalg.tsr", 1 << 0), ("proxy-rsha1.tsr", 1 << 0), ("resp_badpol.tsr", 1 << 15),
  ])
  func rejectionsCarryTheirFailureBits(_ name: String, _ bits: Int) throws {
    let reply = try reply(name)
    #expect(reply.status == 2)
    #expect(reply.failInfo == bits)
    #expect(reply.token == nil)
    #expect(!reply.isStamp)
  }

  @Test func theProxysRepliesAreTheTokensItsLogCounted() throws {
    let serials = try ["proxy-r1.tsr", "proxy-r2.tsr", "proxy-r3.tsr"].map {
      try reply($0).token?.serial
    }
    #expect(serials == ["5", "6", "7"])
  }

  @Test(arguments: [
    [], [0x30], [0x30, 0x03, 0x02, 0x01], Array("not DER at all".utf8),
    [0x30, 0x84, 0xFF, 0xFF, 0xFF, 0xFF],
  ])
  func whatIsNotATokenIsAnErrorNotACrash(_ bytes: [UInt8]) {
    #expect(throws: TokenError.self) { try TokenReader.read(bytes) }
  }

  @Test func serialsAreCanonicalHex() {
    #expect(canonicalHex("0x00:1F") == "1f")
    #expect(canonicalHex("000") == "0")
    #expect(canonicalHex("DEADbeef") == "deadbeef")
    #expect(canonicalHex("xyz") == nil)
  }
}
