import Foundation

/// A user's name as the books keep it: in Unicode NFC, so that "Dvořák" typed or logged with a
/// combining caron (NFD, as macOS file names and some clients write it) is the same user as the
/// precomposed one, in every import, alias, `user set` and filter.
package enum UserName {
  package static func normalized(_ name: String) -> String {
    name.utf8.allSatisfy { $0 < 0x80 } ? name : name.precomposedStringWithCanonicalMapping
  }
}
