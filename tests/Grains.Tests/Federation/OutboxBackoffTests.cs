using Tangle.Grains.Federation;

namespace Tangle.Grains.Tests.Federation;

/// <summary>The wait before retrying a destination: doubling from the initial delay up to the cap, with jitter.</summary>
public sealed class OutboxBackoffTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan Max = TimeSpan.FromHours(1);

    [Theory]
    [InlineData(1, 5)]
    [InlineData(2, 10)]
    [InlineData(3, 20)]
    [InlineData(10, 2560)]
    [InlineData(11, 3600)]
    [InlineData(1000, 3600)]
    public void Without_jitter_the_wait_doubles_with_each_failure_up_to_the_cap(int failures, int seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), OutboxBackoff.After(failures, Initial, Max, random: 0.5));

    [Fact]
    public void Jitter_moves_the_wait_by_at_most_a_fifth_either_way()
    {
        Assert.Equal(TimeSpan.FromSeconds(16), OutboxBackoff.After(3, Initial, Max, random: 0));
        Assert.Equal(TimeSpan.FromSeconds(24), OutboxBackoff.After(3, Initial, Max, random: 1));
        Assert.Equal(TimeSpan.FromMinutes(48), OutboxBackoff.After(50, Initial, Max, random: 0));
    }
}
