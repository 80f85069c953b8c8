#include "bench/sync_http.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <nlohmann/json.hpp>

#include "sync-server/gzip.hpp"

namespace crm::bench {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;

constexpr std::size_t kMaxAnswerBytes = 1u << 30;  // an inflated sync answer; real ones are a few MiB

// Reads the child's log line by line until the "listening" line; its port, or 0 when the log ended first.
std::uint16_t read_port(int fd) {
    std::string buffered;
    char chunk[4096];
    while (true) {
        const ssize_t n = ::read(fd, chunk, sizeof chunk);
        if (n <= 0) return 0;
        buffered.append(chunk, static_cast<std::size_t>(n));
        std::size_t eol;
        while ((eol = buffered.find('\n')) != std::string::npos) {
            const auto line = nlohmann::json::parse(buffered.substr(0, eol), nullptr, false);
            buffered.erase(0, eol + 1);
            if (line.is_object() && line.value("msg", "") == "listening" && line.contains("port"))
                return line["port"].get<std::uint16_t>();
        }
    }
}

}  // namespace

Status ServerProcess::create_account(const std::string& binary, const std::string& data_dir) {
    // The password goes in on stdin, as an operator types it; an account made by an earlier run stays.
    const std::string command = "'" + binary + "' --data-dir '" + data_dir + "' --create-admin " +
                                std::string(kBenchLogin) + " >/dev/null 2>&1";
    FILE* pipe = ::popen(command.c_str(), "w");
    if (pipe == nullptr) return make_error(ErrorCode::Io, "cannot run " + binary);
    std::fputs(kBenchPassword, pipe);
    std::fputs("\n", pipe);
    ::pclose(pipe);
    return {};
}

Result<std::unique_ptr<ServerProcess>> ServerProcess::start(const std::string& binary,
                                                            const std::string& data_dir, int threads) {
    CRM_TRY(create_account(binary, data_dir));
    int fds[2];
    if (::pipe(fds) != 0) return make_error(ErrorCode::Io, "pipe failed");
    const std::string thread_arg = std::to_string(threads);
    const pid_t pid = ::fork();
    if (pid < 0) return make_error(ErrorCode::Io, "fork failed");
    if (pid == 0) {
        ::dup2(fds[1], STDERR_FILENO);
        ::close(fds[0]);
        ::close(fds[1]);
        const char* argv[] = {binary.c_str(), "--host",         "127.0.0.1", "--port",           "0",
                              "--data-dir",   data_dir.c_str(), "--threads", thread_arg.c_str(), nullptr};
        ::execv(binary.c_str(), const_cast<char* const*>(argv));
        ::_exit(127);
    }
    ::close(fds[1]);
    const std::uint16_t port = read_port(fds[0]);
    if (port == 0) {
        ::close(fds[0]);
        ::waitpid(pid, nullptr, 0);
        return make_error(ErrorCode::Io, binary + " did not start (see its log)");
    }
    return std::unique_ptr<ServerProcess>(new ServerProcess(pid, fds[0], port));
}

ServerProcess::ServerProcess(pid_t pid, int log_fd, std::uint16_t port)
    : pid_(pid), log_fd_(log_fd), port_(port), drain_([fd = log_fd] {
          char sink[4096];
          while (::read(fd, sink, sizeof sink) > 0) {
          }
      }) {}

ServerProcess::~ServerProcess() {
    ::kill(pid_, SIGTERM);
    ::waitpid(pid_, nullptr, 0);
    if (drain_.joinable()) drain_.join();  // the pipe's writer is gone: read() returns 0
    ::close(log_fd_);
}

struct HttpConnection::Impl {
    asio::io_context io;
    beast::tcp_stream stream{io};
    beast::flat_buffer buffer;
    std::uint16_t port = 0;
    std::string token;  // the session's bearer token, once signed in
};

HttpConnection::HttpConnection(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
HttpConnection::~HttpConnection() {
    beast::error_code ignored;
    impl_->stream.socket().shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
}

Result<std::unique_ptr<HttpConnection>> HttpConnection::open(std::uint16_t port) {
    auto impl = std::make_unique<Impl>();
    impl->port = port;
    beast::error_code ec;
    impl->stream.connect(asio::ip::tcp::endpoint(asio::ip::make_address("127.0.0.1"), port), ec);
    if (ec) return make_error(ErrorCode::Io, "connect: " + ec.message());
    impl->stream.socket().set_option(asio::ip::tcp::no_delay(true), ec);
    std::unique_ptr<HttpConnection> conn(new HttpConnection(std::move(impl)));
    // Every connection is one device: it signs in for a session of its own (bound to that device).
    const std::string body =
        std::string("{\"login\":\"") + kBenchLogin + "\",\"password\":\"" + kBenchPassword + "\"}";
    auto answer = conn->post("/api/v1/login", body, false);
    if (!answer) return answer.error();
    if (answer->status != 200)
        return make_error(ErrorCode::Io,
                          "sign-in: HTTP " + std::to_string(answer->status) + " " + answer->body);
    const auto j = nlohmann::json::parse(answer->body, nullptr, false);
    if (!j.is_object() || !j.contains("token") || !j["token"].is_string())
        return make_error(ErrorCode::Io, "sign-in: no token in " + answer->body);
    conn->impl_->token = j["token"].get<std::string>();
    return conn;
}

Result<HttpAnswer> HttpConnection::post(const std::string& target, const std::string& body, bool gzip) {
    http::request<http::string_body> req{http::verb::post, target, 11};
    req.set(http::field::host, "127.0.0.1:" + std::to_string(impl_->port));
    req.set(http::field::content_type, "application/json");
    if (gzip) req.set(http::field::accept_encoding, "gzip");
    if (!impl_->token.empty()) req.set(http::field::authorization, "Bearer " + impl_->token);
    req.keep_alive(true);
    req.body() = body;
    req.prepare_payload();
    beast::error_code ec;
    http::write(impl_->stream, req, ec);
    if (ec) return make_error(ErrorCode::Io, "write: " + ec.message());
    http::response_parser<http::string_body> parser;
    parser.body_limit(kMaxAnswerBytes);
    http::read(impl_->stream, impl_->buffer, parser, ec);
    if (ec) return make_error(ErrorCode::Io, "read: " + ec.message());
    auto res = parser.release();
    HttpAnswer answer;
    answer.status = static_cast<int>(res.result_int());
    answer.wire_bytes = res.body().size();
    const auto coding = res.find(http::field::content_encoding);
    if (coding != res.end() && coding->value() == "gzip") {
        auto inflated = server::gzip_decompress(res.body(), kMaxAnswerBytes);
        if (!inflated) return inflated.error();
        answer.body = std::move(inflated).value();
    } else {
        answer.body = std::move(res.body());
    }
    return answer;
}

}  // namespace crm::bench
