import Foundation
import Testing

@testable import TSAReport

/// Credentials never reach the books: every shape a log or a client's event has been seen to
/// carry them in. The secret in each is `Pa55` and must not survive, in part or whole.
@Suite struct RedactionTests {
  @Test(arguments: [
    "GET https://alice:Pa55@tsa.example.cz/TSS HTTP/1.1",
    "https://alice:Pa/55@tsa.example.cz/TSS",  // a '/' in the password
    "https://alice:P@a55@tsa.example.cz/TSS",  // an '@' in the password
    "proxy alice:Pa55@proxy.example.cz:3128",  // no scheme
    "Authorization: Basic Pa55 x Proxy-Authorization: Basic Pa55",  // every header
    "Authorization: Pa55",  // no scheme
    "POST /tsa?authorization=Bearer%20Pa55 HTTP/1.1",  // URL-encoded
    "POST /tsa?user=a&password=Pa55&x=1 HTTP/1.1",
    "POST /tsa?passwd=Pa55", "POST /tsa?pwd=Pa55", "POST /tsa?token=Pa55",
    "POST /tsa?access_token=Pa55", "POST /tsa?key=Pa55", "POST /tsa?secret=Pa55",
    "POST /tsa?signature=Pa55", "POST /tsa;jsessionid=Pa55?x=1",
    #"{"authorization":"Basic Pa55"}"#,
  ])
  func noShapeOfACredentialSurvives(_ text: String) {
    let redacted = Redaction.redactText(text)
    #expect(!redacted.contains("Pa55") && !redacted.contains("55"), "\(redacted)")
    #expect(redacted.contains("[redacted]"), "\(redacted)")
  }

  @Test func whatIsNoCredentialStays() {
    for text in [
      #"10.0.0.5 - alice [05/Oct/2026:10:00:00 +0200] "POST /TSS/TSS_user/ HTTP/1.1" 200 1551"#,
      "mail tsa@example.cz at 10:00:00", "https://tsa.example.cz/TSS?document=42",
    ] {
      #expect(Redaction.redactText(text) == text)
    }
  }

  @Test func anEndpointKeepsNeitherCredentialsNorParameters() {
    #expect(
      Redaction.endpoint("https://a:P@55@tsa.example.cz/TSS;jsessionid=x?k=1")
        == "https://tsa.example.cz/TSS")
    #expect(Redaction.endpoint("/TSS/TSS_user/;jsessionid=Pa55") == "/TSS/TSS_user/")
  }

  /// A password that sits where the excerpt is cut keeps none of its characters: the line is
  /// redacted first, then cut.
  @Test func aPasswordAtTheCutOfAnExcerptLeavesNothing() throws {
    let folder = TemporaryFolder()
    let store = try makeStore(folder)
    let padding = String(repeating: "x", count: 180)
    let line = "garbage \(padding) https://alice:Pa55Word@tsa.example.cz/ and more\n"
    let summary = try run(
      store, [folder.write("bad.log", line + logLine("bob", "05/Oct/2026:10:00:00 +0200"))],
      ImportOptions(format: .combined, allowMalformed: true))[0]
    #expect(summary.malformed == 1)
    let kept = try #require(try store.malformedLines(sourceContaining: nil).first)
    #expect(kept.excerpt.count <= LineReader.excerptLength)
    #expect(!kept.excerpt.contains("Pa"), "\(kept.excerpt)")
    for file in ["books.sqlite", "books.sqlite-wal"] {
      let bytes = (try? Data(contentsOf: URL(fileURLWithPath: folder.file(file)))) ?? Data()
      #expect(bytes.range(of: Data("Pa55".utf8)) == nil, "\(file)")
    }
  }
}
