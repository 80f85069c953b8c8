# Project code builds with warnings on; third-party targets do not link this.
add_library(crm_warnings INTERFACE)
target_compile_options(crm_warnings INTERFACE -Wall -Wextra -Wpedantic -Wshadow -Wno-missing-field-initializers)
