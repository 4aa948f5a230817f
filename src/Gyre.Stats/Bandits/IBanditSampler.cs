namespace Gyre.Stats.Bandits;

/// <summary>A multi-armed bandit policy: choose an arm, then report the reward it earned.</summary>
public interface IBanditSampler
{
    int ArmCount { get; }

    /// <summary>Chooses the arm for the next request.</summary>
    int SelectArm();

    /// <summary>Records the reward of a pull of <paramref name="arm"/>.</summary>
    void Update(int arm, double reward);

    /// <summary>Number of rewards recorded per arm.</summary>
    IReadOnlyList<long> Pulls { get; }
}
