import Foundation
import Testing

/// What the settings file may and may not do: name a program or the books only from a file
/// nobody else can write, reach a mail header only as a plain address, say a value once; and a
/// file that is not UTF-8 is called that, with its line.
@Suite struct SettingsTests {
  func session(settings text: [UInt8], mode: Int = 0o644) throws -> (Session, String) {
    let session = Session()
    try session.run(["contract", "add", "F2112000371"])
    let path = session.folder + "/config.toml"
    try Data(text).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    session.environment["TSA_REPORT_CONFIG"] = path
    return (session, path)
  }

  static let alertFlags = [
    "alert", "--as-of", "2026-11-25", "--mail-from", "tsa@example.cz", "--warn-below", "5",
  ]

  @Test(arguments: [0o666, 0o664, 0o646])
  func aSettingsFileOthersMayWriteNamesNoProgram(mode: Int) throws {
    let (session, path) = try session(
      settings: Array("sendmail = \"/tmp/evil\"\n".utf8), mode: mode)
    let result = try session.run(Self.alertFlags)
    #expect(result.status == 3)
    #expect(result.stdout.hasPrefix("TSA UNKNOWN - the settings file \(path) names sendmail"))
    #expect(
      result.stdout.contains("it is not trusted. Fix: chmod 644 \(path)."), "\(result.stdout)")
    // The same file without a program or books in it is fine.
    try Data("warn_below = [\"5\"]\n".utf8).write(to: URL(fileURLWithPath: path))
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
    #expect(try session.run(["usage", "--period", "2026-10"]).status == 0)
  }

  @Test func aSettingsFileOfAnotherUserNamesNoProgram() throws {
    guard getuid() == 0 else { return }  // chown needs root, as CI runs
    let (session, path) = try session(settings: Array("db = \"/tmp/other.sqlite\"\n".utf8))
    try #require(try runProgram("/bin/chown", ["nobody", path]).status == 0)
    let result = try session.run(["usage", "--period", "2026-10"])
    #expect(result.status == 64)
    #expect(
      result.stderr.contains("names db but belongs to nobody (mode 0644)"), "\(result.stderr)")
  }

  /// `mail_to` in the settings goes through the same check as `--mail-to`: no `Bcc:` header.
  @Test func aMailAddressFromTheSettingsCannotAddAHeader() throws {
    let (session, path) = try session(
      settings: Array(#"mail_to = ["ucetni@example.cz\nBcc: all@example.org"]"#.utf8 + [0x0A]))
    let result = try session.run(Self.alertFlags + ["--sendmail", "/bin/false"])
    #expect(result.status == 3)
    #expect(
      result.stdout.hasPrefix(
        "TSA UNKNOWN - \(path):1: mail_to 'ucetni@example.cz\\nBcc: all@example.org' holds a line"
          + " break"), "\(result.stdout)")
    for address in ["a@example.cz, b@example.cz", "Účetní <a@example.cz>", "nobody"] {
      let flagged = try session.run(["alert", "--dry-run", "--mail-to", address])
      #expect(flagged.status == 64, "\(address): \(flagged.stderr)")
    }
  }

  @Test func aSettingGivenTwiceNamesBothLines() throws {
    let (session, path) = try session(
      settings: Array("tz = \"UTC\"\nlang = \"cs\"\ntz = \"Europe/Prague\"\n".utf8))
    let result = try session.run(["usage", "--period", "2026-10"])
    #expect(result.status == 64)
    #expect(
      result.stderr.contains("\(path):3: 'tz' is set twice, on lines 1 and 3; keep one of them"),
      "\(result.stderr)")
  }

  @Test func aLatin2SettingsFileIsCalledNotUTF8WithItsLine() throws {
    // "# účetní" in ISO 8859-2 on line 2
    let (session, path) = try session(
      settings: Array("lang = \"cs\"\n# ".utf8) + [0xFA, 0xE8, 0x65, 0x74, 0x6E, 0xED, 0x0A])
    let result = try session.run(["usage", "--period", "2026-10"])
    #expect(result.status == 64)
    #expect(
      result.stderr.contains("\(path):2: the settings file is not UTF-8 text"), "\(result.stderr)")
  }

  @Test(arguments: [
    (["alert", "--dry-run", "--warn-below", "5,5%"], "write a decimal point, not a comma (5.5%)"),
    (["usage", "--period", "2026-+1"], "2026-+1"), (["usage", "--period", "+202-01"], "+202-01"),
  ])
  func valuesThatLookAlmostRightAreRefused(arguments: [String], said: String) throws {
    let (session, _) = try session(settings: [])
    let result = try session.run(arguments)
    #expect([3, 64].contains(result.status), "\(result.stdout) \(result.stderr)")
    #expect((result.stdout + result.stderr).contains(said), "\(result.stdout) \(result.stderr)")
  }
}
