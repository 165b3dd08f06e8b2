import Foundation
import Testing

@testable import TSASystem

@Suite struct ChannelTests {
  struct Broken: Error, Equatable {}

  @Test func everythingSentArrivesInOrderThenTheError() throws {
    let channel = Channel<Int>(capacity: 3)
    let sender = Thread {
      for number in 0..<10_000 { channel.send(number) }
      channel.close(throwing: Broken())
    }
    sender.start()
    var received: [Int] = []
    #expect(throws: Broken()) {
      while let number = try channel.receive() { received.append(number) }
    }
    #expect(received == Array(0..<10_000))
  }

  @Test func aSenderWaitsWhenTheChannelIsFull() throws {
    let channel = Channel<Int>(capacity: 2)
    let sent = Counter()
    Thread {
      for number in 0..<5 {
        channel.send(number)
        sent.increment()
      }
      channel.close()
    }.start()
    let deadline = Date() + 10
    while sent.value < 2 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    Thread.sleep(forTimeInterval: 0.2)  // time enough for a third send, were it not held up
    #expect(sent.value == 2)
    var received: [Int] = []
    while let number = try channel.receive() { received.append(number) }
    #expect(received == [0, 1, 2, 3, 4])
    #expect(sent.value == 5)
  }

  @Test func aReceiverThatGoesAwayReleasesAWaitingSender() throws {
    let channel = Channel<Int>(capacity: 1)
    let results = Results()
    let done = DispatchSemaphore(value: 0)
    Thread {
      for number in 0..<3 { results.append(channel.send(number)) }
      done.signal()
    }.start()
    // Once the first send is in, the second waits for room that never comes.
    let deadline = Date() + 10
    while results.values.isEmpty && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
    channel.abandon()
    done.wait()
    #expect(results.values == [true, false, false])
  }
}

private final class Counter: @unchecked Sendable {
  private let lock = NSLock()
  private var count = 0
  func increment() { lock.withLock { count += 1 } }
  var value: Int { lock.withLock { count } }
}

private final class Results: @unchecked Sendable {
  private let lock = NSLock()
  private var list: [Bool] = []
  func append(_ value: Bool) { lock.withLock { list.append(value) } }
  var values: [Bool] { lock.withLock { list } }
}
