// Background task: opens its own session and manages its own transaction
// (seed 004, "Background Task Responsibility").
#pragma once

#include <cstdint>
#include <string>

namespace app::tasks {

void processTask(const std::string &dbPath, std::int64_t taskId);

} // namespace app::tasks
