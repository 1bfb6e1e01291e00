# Layered includes. Every project include names its library root: "core/api/apiclient.h",
# "ui/devices/devicesview.h", "server/http/httpserver.h". A target sees only the folders it owns
# and those of the targets it links, so an include from a layer it may not use does not compile.
#
# qd_include_roots(<target> <PUBLIC|PRIVATE|INTERFACE> <path>...)
# Gives <target> an include directory of its own, <build>/include/<target>, holding a link for
# each <path> (a folder or file relative to the project root) to the source tree. Where links
# cannot be made (Windows without the right to create symbolic links), the project root is used
# instead and scripts/check-layers.py, which CI runs, is what keeps the layers.
option(QD_STRICT_INCLUDES "Give each target only the include folders it may use (symbolic links)" ON)
function(qd_include_roots target scope)
    set(root ${PROJECT_BINARY_DIR}/include/${target})
    set(linked TRUE)
    if(NOT QD_STRICT_INCLUDES)
        set(linked FALSE)
    endif()
    foreach(path IN LISTS ARGN)
        if(NOT linked)
            break()
        endif()
        if(NOT EXISTS ${PROJECT_SOURCE_DIR}/${path})
            message(FATAL_ERROR "qd_include_roots(${target}): ${path} does not exist")
        endif()
        set(link ${root}/${path})
        if(IS_SYMLINK ${link})
            continue()
        endif()
        get_filename_component(parent ${link} DIRECTORY)
        file(MAKE_DIRECTORY ${parent})
        file(CREATE_LINK ${PROJECT_SOURCE_DIR}/${path} ${link} RESULT failed SYMBOLIC)
        if(failed)
            message(STATUS "qd_include_roots: cannot link ${path} (${failed}); using the project root for ${target}")
            set(linked FALSE)
        endif()
    endforeach()
    if(linked)
        target_include_directories(${target} ${scope} ${root})
    else()
        target_include_directories(${target} ${scope} ${PROJECT_SOURCE_DIR})
    endif()
endfunction()

# qd_add_test(<name> SOURCES <files...> LIBS <targets...> [TIMEOUT <s>] [NEEDS <targets...>])
# One Qt Test executable per area, registered with ctest under the same name and labelled with
# the folder of tests/ it lives in (agent, core, integration, reports, ui, unit): `ctest -L ui`.
# NEEDS names the programs the test starts (quarterdeck-server, ...): built before it, and their
# paths handed to it as QD_SERVER_BINARY, QD_AGENT_BINARY and QD_CONSOLE_BINARY.
function(qd_add_test name)
    cmake_parse_arguments(ARG "" "TIMEOUT" "SOURCES;LIBS;NEEDS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE Qt6::Test qd_testsources ${ARG_LIBS})
    foreach(program IN LISTS ARG_NEEDS)
        add_dependencies(${name} ${program})
        if(program STREQUAL "quarterdeck-agent")
            target_compile_definitions(${name} PRIVATE QD_AGENT_BINARY="$<TARGET_FILE:quarterdeck-agent>")
        elseif(program STREQUAL "quarterdeck")
            target_compile_definitions(${name} PRIVATE QD_CONSOLE_BINARY="$<TARGET_FILE:quarterdeck>")
        endif()
    endforeach()
    add_test(NAME ${name} COMMAND ${name})
    if(NOT ARG_TIMEOUT)
        set(ARG_TIMEOUT 300)
    endif()
    list(GET ARG_SOURCES 0 first)
    get_filename_component(folder ${CMAKE_CURRENT_SOURCE_DIR}/${first} DIRECTORY)
    get_filename_component(label ${folder} NAME)
    set_tests_properties(${name} PROPERTIES
        TIMEOUT ${ARG_TIMEOUT}
        LABELS "${label}"
        ENVIRONMENT "QT_QPA_PLATFORM=offscreen;QT_LOGGING_RULES=qd.*.debug=false;LC_ALL=C.UTF-8;LANGUAGE=")
endfunction()
