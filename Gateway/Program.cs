using Tangle.Gateway.Hosting;

// Standalone Tangle: an Orleans silo and the Matrix gateway in one process, on an embedded SQLite store.
var builder = WebApplication.CreateBuilder(args);
builder.AddTangle();
var app = builder.Build();
app.MapTangle();
app.Run();

/// <summary>The entry point, visible to tests that host the gateway in-process.</summary>
public partial class Program;
