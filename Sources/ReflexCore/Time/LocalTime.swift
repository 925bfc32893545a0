/// A wall-clock reading in a time zone: the calendar fields of an instant shifted by the zone's offset.
public struct LocalTime: Sendable, Hashable {
    public var year: Int
    /// 1...12.
    public var month: Int
    /// 1...31.
    public var day: Int
    public var hour: Int
    public var minute: Int
    public var second: Int
    public var millisecond: Int
    /// 0 for Monday through 6 for Sunday, as `weekday` counts.
    public var weekday: Int
    /// Milliseconds since local midnight, 0..<86_400_000.
    public var millisecondOfDay: Int64
    /// The zone's offset from UTC at that instant, in seconds (east positive).
    public var utcOffset: Int

    /// The fields of local milliseconds (an instant already shifted by `utcOffset` seconds).
    init(local: Int64, utcOffset: Int) {
        let days = CivilTime.floorDivide(local, CivilTime.millisecondsPerDay)
        let time = CivilTime.timeOfDay(local: local)
        let date = CivilTime.date(days: days)
        year = Int(truncatingIfNeeded: date.year)
        month = date.month
        day = date.day
        hour = Int(time / 3_600_000)
        minute = Int(time / 60_000 % 60)
        second = Int(time / 1000 % 60)
        millisecond = Int(time % 1000)
        weekday = CivilTime.weekday(local: local)
        millisecondOfDay = time
        self.utcOffset = utcOffset
    }
}
