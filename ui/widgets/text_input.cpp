#include "ui/widgets/text_input.hpp"

namespace crm::ui {

namespace {

// ImGui edits a char buffer; this grows the std::string behind it as the text grows.
int grow_string(ImGuiInputTextCallbackData* data) {
    if (data->EventFlag == ImGuiInputTextFlags_CallbackResize) {
        auto* value = static_cast<std::string*>(data->UserData);
        value->resize(static_cast<std::size_t>(data->BufTextLen));
        data->Buf = value->data();
    }
    return 0;
}

}  // namespace

bool input_line(const char* id, std::string& value, ImGuiInputTextFlags flags, const char* hint) {
    flags |= ImGuiInputTextFlags_CallbackResize;
    if (hint != nullptr)
        return ImGui::InputTextWithHint(id, hint, value.data(), value.capacity() + 1, flags, grow_string, &value);
    return ImGui::InputText(id, value.data(), value.capacity() + 1, flags, grow_string, &value);
}

bool input_area(const char* id, std::string& value, ImVec2 size, ImGuiInputTextFlags flags) {
    return ImGui::InputTextMultiline(id, value.data(), value.capacity() + 1, size,
                                     flags | ImGuiInputTextFlags_CallbackResize, grow_string, &value);
}

}  // namespace crm::ui
