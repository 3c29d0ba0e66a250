using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Tangle.Testing;

/// <summary>A transaction a fake server received, and the status it answered with.</summary>
/// <param name="Authorization">The request's Authorization header, for checking its signature.</param>
public sealed record ReceivedTransaction(string TxnId, string? Authorization, JsonElement Body, int Status)
{
    public bool Accepted => Status == StatusCodes.Status200OK;

    public IReadOnlyList<JsonElement> Pdus => [.. Body.GetProperty("pdus").EnumerateArray()];

    public IReadOnlyList<JsonElement> Edus =>
        Body.TryGetProperty("edus", out var edus) ? [.. edus.EnumerateArray()] : [];
}

/// <summary>
/// The transactions (<c>PUT /_matrix/federation/v1/send/{txnId}</c>) sent to a fake server. Each is recorded
/// and answered 200 unless the test scripted failures: the next few (<see cref="FailNext"/>) or every one
/// until told otherwise (<see cref="FailAll"/>).
/// </summary>
public sealed class FakeTransactions
{
    private readonly Lock _gate = new();
    private readonly List<ReceivedTransaction> _received = [];
    private readonly Queue<int> _scripted = new();
    private int? _always;
    private TaskCompletionSource _arrived = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Everything received so far, in arrival order.</summary>
    public IReadOnlyList<ReceivedTransaction> Received
    {
        get
        {
            lock (_gate)
                return [.. _received];
        }
    }

    /// <summary>The transactions answered 200, in arrival order.</summary>
    public IReadOnlyList<ReceivedTransaction> Accepted => [.. Received.Where(t => t.Accepted)];

    /// <summary>Answers the next <paramref name="count"/> transactions with <paramref name="status"/>.</summary>
    public void FailNext(int count, int status = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
        {
            for (var i = 0; i < count; i++)
                _scripted.Enqueue(status);
        }
    }

    /// <summary>Answers every transaction with <paramref name="status"/> until called with null.</summary>
    public void FailAll(int? status = StatusCodes.Status503ServiceUnavailable)
    {
        lock (_gate)
            _always = status;
    }

    /// <summary>Waits until what was received satisfies <paramref name="condition"/>; fails after a generous timeout.</summary>
    public async Task<IReadOnlyList<ReceivedTransaction>> WaitUntilAsync(Func<IReadOnlyList<ReceivedTransaction>, bool> condition, TimeSpan? timeout = null)
    {
        using var cancellation = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Task arrived;
            lock (_gate)
            {
                if (condition(_received))
                    return [.. _received];
                arrived = _arrived.Task;
            }

            try
            {
                await arrived.WaitAsync(cancellation.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"the transactions received ({Received.Count}) never met the condition");
            }
        }
    }

    internal async Task<IResult> ReceiveAsync(HttpContext http, string txnId)
    {
        using var document = await JsonDocument.ParseAsync(http.Request.Body);
        var body = document.RootElement.Clone();
        int status;
        TaskCompletionSource arrived;
        lock (_gate)
        {
            status = _scripted.TryDequeue(out var scripted) ? scripted : _always ?? StatusCodes.Status200OK;
            _received.Add(new ReceivedTransaction(txnId, http.Request.Headers.Authorization.ToString(), body, status));
            arrived = _arrived;
            _arrived = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }

        arrived.SetResult();
        if (status != StatusCodes.Status200OK)
            return Results.Json(new { errcode = "M_UNKNOWN", error = "scripted failure" }, statusCode: status);
        return Results.Json(new { pdus = new { } });
    }
}
