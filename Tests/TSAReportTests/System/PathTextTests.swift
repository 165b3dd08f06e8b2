import Testing

@testable import TSASystem

/// `deletingLastPathComponent` traps on a one-character name; `PathText.folder` answers as it
/// would have.
@Test func theFolderOfAPathAlsoOfOneCharacter() {
  let cases = [
    ("b", ""), (".", ""), ("/", "/"), ("/a", "/"), ("a/b", "a"), ("a/b/", "a"),
    ("/x/y/z.db", "/x/y"),
    ("a//b", "a"), ("", ""),
  ]
  for (path, folder) in cases { #expect(PathText.folder(of: path) == folder, "\(path)") }
}
