using ClaimAudit.Rules.Contracts;
using ClaimAudit.Rules.Judging;
using ClaimAudit.Rules.Knowledge;
using ClaimAudit.Rules.RuleSets;

namespace ClaimAudit.Rules.Kinds;

/// <summary>
/// <c>limit.age</c> (L): the patient's age at the fee's date is outside the item's group (NHSA b1 限定年龄对象,
/// b8-2): 儿童 = under 18 years, 婴幼儿 = under 3 years, 新生儿 = 28 days old or less, 法定就业年龄 = 16 to 60
/// years. Amount: the line's net amount.
/// </summary>
public sealed class AgeLimitRule(RuleDefinition definition, KnowledgeBase knowledge) : ILineRule
{
    public const string Kind = "limit.age";

    public RuleDefinition Definition { get; } = definition;

    public IReadOnlyCollection<string> Codes { get; } = knowledge.CodesOf(LimitTypes.Age);

    public Hit? Check(AuditContext context, NetLine line)
    {
        if (knowledge.Find(LimitTypes.Age, line.Code) is not { } point)
            return null;
        var birth = context.Episode.Brdy;
        var on = line.Date;
        var years = YearsOld(birth, on);
        var days = NationalTime.DaysBetween(birth, on);
        var within = point.LimitValue switch
        {
            "儿童" => years < 18,
            "婴幼儿" => years < 3,
            "新生儿" => days <= 28,
            "法定就业年龄" => years is >= 16 and <= 60,
            _ => true, // an unknown group is no data, not a violation
        };
        if (within)
            return null;
        var age = point.LimitValue == "新生儿" ? $"{days} 天" : $"{years} 岁";
        return Hit.OnLine(line, line.Amount, $"{point.ItemName} 限{point.LimitValue}（{Describe(point.LimitValue)}），患者费用发生时 {age}");
    }

    /// <summary>Completed years of age on a date.</summary>
    public static int YearsOld(DateOnly birth, DateOnly on)
    {
        var years = on.Year - birth.Year;
        if (on < birth.AddYears(years))
            years--;
        return years;
    }

    private static string Describe(string group) => group switch
    {
        "儿童" => "未满 18 岁",
        "婴幼儿" => "未满 3 岁",
        "新生儿" => "出生 28 天内",
        "法定就业年龄" => "16 至 60 岁",
        _ => group,
    };
}
