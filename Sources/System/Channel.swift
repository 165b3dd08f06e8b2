import Foundation

/// Hands values from one thread to another in order, holding at most `capacity` of them: a
/// sender that gets ahead waits, so memory stays bounded however much passes through.
public final class Channel<Element>: @unchecked Sendable {
  private let condition = NSCondition()
  private let capacity: Int
  private var waiting: [Element] = []
  private var closed = false
  private var failure: Error?
  private var abandoned = false

  public init(capacity: Int) {
    precondition(capacity > 0)
    self.capacity = capacity
  }

  /// Waits for room, then hands `element` over. False when the receiver has gone: stop sending.
  @discardableResult
  public func send(_ element: Element) -> Bool {
    condition.withLock {
      while waiting.count >= capacity && !abandoned { condition.wait() }
      guard !abandoned, !closed else { return false }
      waiting.append(element)
      condition.broadcast()
      return true
    }
  }

  /// Nothing more will be sent. With an error, the receiver gets it after what came before.
  /// Closing again changes nothing.
  public func close(throwing error: Error? = nil) {
    condition.withLock {
      guard !closed else { return }
      (closed, failure) = (true, error)
      condition.broadcast()
    }
  }

  /// The next element, waiting for it; nil once the channel is closed and emptied.
  public func receive() throws -> Element? {
    try condition.withLock {
      while waiting.isEmpty && !closed { condition.wait() }
      guard waiting.isEmpty else {
        condition.broadcast()
        return waiting.removeFirst()
      }
      if let failure { throw failure }
      return nil
    }
  }

  /// The receiver stops listening: what waits is dropped, and sending returns false.
  public func abandon() {
    condition.withLock {
      abandoned = true
      waiting.removeAll()
      condition.broadcast()
    }
  }
}
