#pragma once
// ImGui text inputs that edit a std::string directly, growing it as the text grows (ImGui edits a char
// buffer): the form's editors and the visit dialogs type into strings of any length this way.
#include <string>

#include <imgui.h>

namespace crm::ui {

// One line; `hint` shown while empty (nullptr: none). True when the text changed (or, with
// ImGuiInputTextFlags_EnterReturnsTrue, Enter was pressed).
bool input_line(const char* id, std::string& value, ImGuiInputTextFlags flags = 0, const char* hint = nullptr);
// Several lines in a box of `size`.
bool input_area(const char* id, std::string& value, ImVec2 size, ImGuiInputTextFlags flags = 0);

}  // namespace crm::ui
