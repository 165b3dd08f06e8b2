import CLibCrypto

/// SHA-256 in lowercase hex: how sources are recognised by their content.
package enum Fingerprint {
  package static func sha256(_ bytes: UnsafeRawBufferPointer) -> String {
    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    _ = digest.withUnsafeMutableBufferPointer { out in
      SHA256(bytes.baseAddress?.assumingMemoryBound(to: UInt8.self), bytes.count, out.baseAddress)
    }
    let hex: [UInt8] = Array("0123456789abcdef".utf8)
    var text: [UInt8] = []
    text.reserveCapacity(64)
    for byte in digest {
      text.append(hex[Int(byte >> 4)])
      text.append(hex[Int(byte & 0x0F)])
    }
    return String(decoding: text, as: UTF8.self)
  }

  package static func sha256(_ bytes: [UInt8]) -> String {
    bytes.withUnsafeBytes { sha256($0) }
  }
}
