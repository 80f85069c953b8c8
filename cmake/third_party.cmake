# Targets for the dependencies fetched by scripts/deps.sh (SQLite, Dear ImGui) and the Debian packages
# (nlohmann/json, GoogleTest, Boost). Nothing here is project code, so no warnings target is linked.
set(CRM_SQLITE_DIR "${CRM_DEPS_DIR}/sqlite-3.52.0")
set(CRM_IMGUI_DIR "${CRM_DEPS_DIR}/imgui-1.90.1")
set(CRM_FONT_FILE "${CRM_DEPS_DIR}/fonts/crm-ui-v1.ttf")
foreach(_f "${CRM_SQLITE_DIR}/sqlite3.c" "${CRM_IMGUI_DIR}/imgui.cpp" "${CRM_FONT_FILE}")
  if(NOT EXISTS "${_f}")
    message(FATAL_ERROR "${_f} is missing: run scripts/deps.sh first (it fetches and checks the pinned sources)")
  endif()
endforeach()

# --- SQLite: one amalgamation for native and wasm -------------------------------------------------
add_library(sqlite3 STATIC "${CRM_SQLITE_DIR}/sqlite3.c")
target_include_directories(sqlite3 SYSTEM PUBLIC "${CRM_SQLITE_DIR}")
target_compile_definitions(sqlite3 PRIVATE
  SQLITE_ENABLE_FTS5 SQLITE_DQS=0 SQLITE_DEFAULT_MEMSTATUS=0 SQLITE_OMIT_DEPRECATED SQLITE_OMIT_SHARED_CACHE
  SQLITE_LIKE_DOESNT_MATCH_BLOBS SQLITE_DEFAULT_FOREIGN_KEYS=1 SQLITE_OMIT_LOAD_EXTENSION)
if(EMSCRIPTEN)
  # Single-threaded in the page; size matters more than speed for the download.
  target_compile_definitions(sqlite3 PRIVATE SQLITE_THREADSAFE=0 SQLITE_OMIT_WAL=0)
  target_compile_options(sqlite3 PRIVATE -Os)
else()
  find_package(Threads REQUIRED)
  target_compile_definitions(sqlite3 PRIVATE SQLITE_THREADSAFE=1)
  target_compile_options(sqlite3 PRIVATE -O2)
  target_link_libraries(sqlite3 PUBLIC Threads::Threads ${CMAKE_DL_LIBS})
endif()

# --- nlohmann/json (Debian package, header-only) --------------------------------------------------
# Linked through a private include dir holding only nlohmann/, so wasm builds never see the host's headers.
find_path(CRM_NLOHMANN_INCLUDE nlohmann/json.hpp PATHS /usr/include NO_CMAKE_FIND_ROOT_PATH REQUIRED)
set(_crm_json_inc "${CMAKE_BINARY_DIR}/third_party_include")
file(MAKE_DIRECTORY "${_crm_json_inc}")
if(NOT EXISTS "${_crm_json_inc}/nlohmann")
  file(CREATE_LINK "${CRM_NLOHMANN_INCLUDE}/nlohmann" "${_crm_json_inc}/nlohmann" SYMBOLIC)
endif()
add_library(nlohmann_json_headers INTERFACE)
target_include_directories(nlohmann_json_headers SYSTEM INTERFACE "${_crm_json_inc}")

# --- Dear ImGui 1.90.1 (Debian trixie source package) ---------------------------------------------
add_library(imgui STATIC
  "${CRM_IMGUI_DIR}/imgui.cpp" "${CRM_IMGUI_DIR}/imgui_draw.cpp"
  "${CRM_IMGUI_DIR}/imgui_tables.cpp" "${CRM_IMGUI_DIR}/imgui_widgets.cpp")
target_include_directories(imgui SYSTEM PUBLIC "${CRM_IMGUI_DIR}")
target_compile_definitions(imgui PUBLIC IMGUI_DISABLE_OBSOLETE_FUNCTIONS IMGUI_DISABLE_DEMO_WINDOWS
  IMGUI_DISABLE_DEBUG_TOOLS)
if(EMSCRIPTEN)
  add_library(imgui_gl3 STATIC "${CRM_IMGUI_DIR}/backends/imgui_impl_opengl3.cpp")
  target_include_directories(imgui_gl3 SYSTEM PUBLIC "${CRM_IMGUI_DIR}/backends")
  target_compile_definitions(imgui_gl3 PUBLIC IMGUI_IMPL_OPENGL_ES3)
  target_link_libraries(imgui_gl3 PUBLIC imgui)
endif()

# --- GoogleTest (Debian's sources) -------------------------------------------------------------------
if(CRM_BUILD_TESTS)
  find_path(CRM_GTEST_SRC CMakeLists.txt PATHS /usr/src/googletest NO_DEFAULT_PATH NO_CMAKE_FIND_ROOT_PATH REQUIRED)
  if(EMSCRIPTEN)
    set(gtest_disable_pthreads ON CACHE BOOL "" FORCE)
  endif()
  set(INSTALL_GTEST OFF CACHE BOOL "" FORCE)
  set(BUILD_GMOCK OFF CACHE BOOL "" FORCE)
  add_subdirectory("${CRM_GTEST_SRC}" "${CMAKE_BINARY_DIR}/googletest" EXCLUDE_FROM_ALL SYSTEM)
  include(GoogleTest)
endif()
