<?php
/**
 * docs/security.md names the test that proves each line: those tests must exist.
 *
 * @package WPM_User_Sync
 */

declare( strict_types=1 );

namespace WPM_User_Sync\Tests;

use WPM_User_Sync\Tests\Support\TestCase;

final class Security_Doc_Test extends TestCase {

	public function test_every_php_test_the_security_model_cites_exists(): void {
		$doc = (string) file_get_contents( WPMUS_DIR . '/docs/security.md' );
		// `php/Dir/Name_Test::test_x` or, after one, `…::test_x`; a trailing … or * stands for the rest of the name.
		preg_match_all( '/`(php\/[\w\/]+_Test|…)(?:::(test_[\w]*)(…|\*)?)?/u', $doc, $matches, PREG_SET_ORDER );

		$file   = null;
		$checks = 0;
		foreach ( $matches as $match ) {
			if ( '…' !== $match[1] ) {
				$file = $match[1];
				$this->assertFileExists( WPMUS_DIR . '/tests/' . $file . '.php', "docs/security.md cites $file." );
			}
			if ( empty( $match[2] ) || null === $file ) {
				continue;
			}
			$source = (string) file_get_contents( WPMUS_DIR . '/tests/' . $file . '.php' );
			$name   = $match[2];
			$prefix = ! empty( $match[3] );
			$found  = $prefix
				? (bool) preg_match( '/function ' . preg_quote( $name, '/' ) . '\w*\(/', $source )
				: str_contains( $source, "function {$name}(" );
			$this->assertTrue( $found, "docs/security.md cites {$file}::{$name}" . ( $prefix ? '…' : '' ) . ', which does not exist.' );
			++$checks;
		}
		$this->assertGreaterThan( 40, $checks, 'The model cites its tests.' );
	}
}
