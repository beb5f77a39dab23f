extension Duration {
    /// Z3 takes timeouts as whole milliseconds and treats 0 as "no limit", so
    /// sub-millisecond and non-positive durations are rounded up to 1 ms to keep
    /// the caller's intent of a very short budget; durations beyond the `UInt32`
    /// range saturate, which Z3 reads as unlimited anyway.
    var z3Milliseconds: UInt32 {
        let (seconds, attoseconds) = components
        let attosecondsPerMillisecond: Int64 = 1_000_000_000_000_000
        guard seconds >= 0, seconds > 0 || attoseconds > 0 else { return 1 }
        let (wholeMilliseconds, overflowed) = seconds.multipliedReportingOverflow(by: 1000)
        guard !overflowed else { return .max }
        let partialMilliseconds = (attoseconds + attosecondsPerMillisecond - 1) / attosecondsPerMillisecond
        return UInt32(clamping: max(1, wholeMilliseconds + partialMilliseconds))
    }
}

extension Double {
    /// Z3 parses numerals only as plain decimals (no exponent notation), so the
    /// shortest round-tripping description is re-spelled positionally. The
    /// shortest description is used rather than the exact binary expansion
    /// because a constant such as 0.1 stands for the decimal its author wrote.
    /// Returns nil for NaN and infinities, which have no numeral.
    var plainDecimalLiteral: String? {
        guard isFinite else { return nil }
        let shortest = magnitude.description
        let exponentParts = shortest.split(separator: "e", maxSplits: 1)
        let exponent = exponentParts.count == 2 ? Int(exponentParts[1]) ?? 0 : 0
        let pointParts = exponentParts[0].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false)
        let integerDigits = pointParts[0]
        let fractionDigits = pointParts.count == 2 ? pointParts[1] : ""

        var digits = Substring(integerDigits + fractionDigits)
        var integerDigitCount = integerDigits.count + exponent
        while digits.first == "0" {
            digits.removeFirst()
            integerDigitCount -= 1
        }
        while digits.last == "0" {
            digits.removeLast()
        }
        guard !digits.isEmpty else { return "0" }

        let unsigned: String
        if integerDigitCount <= 0 {
            unsigned = "0." + String(repeating: "0", count: -integerDigitCount) + digits
        } else if integerDigitCount >= digits.count {
            unsigned = digits + String(repeating: "0", count: integerDigitCount - digits.count)
        } else {
            let pointIndex = digits.index(digits.startIndex, offsetBy: integerDigitCount)
            unsigned = digits[..<pointIndex] + "." + digits[pointIndex...]
        }
        return sign == .minus ? "-" + unsigned : unsigned
    }
}
