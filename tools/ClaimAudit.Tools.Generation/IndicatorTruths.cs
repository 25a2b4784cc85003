namespace ClaimAudit.Tools.Generation;

/// <summary>
/// The ground truth of <c>inst.indicator</c>, worked out from the generated documents by docs/rules.md's definitions
/// and the shipped thresholds (national.yaml): per institution and month of discharge, over inpatient episodes,
/// drug share &gt; 45 %, consumable share &gt; 30 %, average stay &gt; 20 days, 丙类 share &gt; 15 %, and cost per
/// episode more than doubled since the previous month — months with fewer than 5 inpatient discharges unjudged.
/// Log-normal stays make cost growth a matter of chance, so it is computed, not planted.
/// </summary>
internal sealed class IndicatorTruths
{
    private sealed class Month
    {
        public int Episodes;
        public int StayDays;
        public decimal Amount, Drug, Consumable, SelfPay;
    }

    private readonly SortedDictionary<(string Fixmedins, string Period), Month> _months = new();

    public void Add(GeneratedEpisode generated)
    {
        var episode = generated.Episode;
        if (!episode.MedType.StartsWith('2') || episode.Endtime is not { } endtime)
            return;
        var key = (episode.FixmedinsCode, endtime.ToString("yyyy-MM"));
        if (!_months.TryGetValue(key, out var month))
            _months[key] = month = new Month();
        month.Episodes++;
        month.StayDays += Math.Max(1, endtime.Date.Subtract(episode.Begntime.Date).Days);
        foreach (var line in generated.Lines)
        {
            month.Amount += line.DetItemFeeSumamt;
            if (line.MedChrgitmType is "09" or "10" or "11")
                month.Drug += line.DetItemFeeSumamt;
            if (line.MedChrgitmType.StartsWith("08", StringComparison.Ordinal))
                month.Consumable += line.DetItemFeeSumamt;
            if (line.ChrgitmLv == "03")
                month.SelfPay += line.DetItemFeeSumamt;
        }
    }

    public IEnumerable<GroundTruth> Flags()
    {
        foreach (var ((fixmedins, period), m) in _months)
        {
            if (m.Episodes < 5 || m.Amount <= 0)
                continue;
            GroundTruth Flag(string indicator) => new("inst.indicator", fixmedins, "", $"{period}/{indicator}");
            if (m.Drug / m.Amount > 0.45m)
                yield return Flag("drug_share");
            if (m.Consumable / m.Amount > 0.30m)
                yield return Flag("consumable_share");
            if ((decimal)m.StayDays / m.Episodes > 20m)
                yield return Flag("average_stay");
            if (m.SelfPay / m.Amount > 0.15m)
                yield return Flag("self_pay_share");
            var previousPeriod = DateOnly.ParseExact(period + "-01", "yyyy-MM-dd").AddMonths(-1).ToString("yyyy-MM");
            if (_months.TryGetValue((fixmedins, previousPeriod), out var before) && before.Episodes >= 5 && before.Amount > 0
                && (m.Amount / m.Episodes - before.Amount / before.Episodes) / (before.Amount / before.Episodes) > 1.0m)
                yield return Flag("cost_growth");
        }
    }
}
